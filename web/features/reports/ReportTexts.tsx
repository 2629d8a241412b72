import { SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DailyReportDto, FREE_TEXT_MAX } from '../../../domain/reports';
import { formatDateTime } from '../../components/format';
import { errorMessage } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useDayFormat, useInstantFormat, ZeroTag } from './report-display';
import { useSaveDraft, useSubmitReport } from './reports.api';

/** The written part of a daily report before it is submitted: the draft, and the explicit submission. */

export type Texts = { notableEvents: string; needs: string; remarks: string };
export const TEXT_KEYS = ['notableEvents', 'needs', 'remarks'] as const;
export const textsOf = (
  v: { notableEvents: string | null; needs: string | null; remarks: string | null } | null,
) => ({
  notableEvents: v?.notableEvents ?? '',
  needs: v?.needs ?? '',
  remarks: v?.remarks ?? '',
});
export const body = (v: Texts) => ({
  notableEvents: v.notableEvents.trim() || null,
  needs: v.needs.trim() || null,
  remarks: v.remarks.trim() || null,
});

/** The free-text fields before the first submission: a draft that can be saved, then submitted. */
export function DraftForm({ report }: { report: DailyReportDto }) {
  const me = useSession();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const saveDraft = useSaveDraft();
  const submit = useSubmitReport();
  const fmt = useDayFormat();
  const at = useInstantFormat();
  const mayWrite = hasPermission(me, 'reports.submit');
  const saved = useMemo(() => textsOf(report.draft), [report.draft]);
  const [texts, setTexts] = useState<Texts>(saved);
  const [confirming, setConfirming] = useState(false);
  const dirty = TEXT_KEYS.some((k) => texts[k] !== saved[k]);

  // A colleague's draft arriving over the stream replaces what is shown, unless there are edits here.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new saved draft resets the form
  useEffect(() => {
    if (!dirty) setTexts(saved);
  }, [saved]);

  const onSave = () =>
    saveDraft.mutate(
      { unitId: report.unit.id, date: report.date, body: body(texts) },
      {
        onSuccess: () => void message.success(t('reports.daily.draftSaved')),
        onError: (e) => void message.error(errorMessage(e, t('error.network'))),
      },
    );
  const onSubmit = () =>
    submit.mutate(
      { unitId: report.unit.id, date: report.date, body: body(texts) },
      {
        onSuccess: () => {
          setConfirming(false);
          void message.success(
            t(report.zeroReport ? 'reports.daily.submittedZero' : 'reports.daily.submitted', {
              date: fmt.short(report.date),
            }),
          );
        },
        onError: (e) => void message.error(errorMessage(e, t('error.network'))),
      },
    );

  const size = isMobile ? 'large' : 'middle';
  return (
    <Card
      title={t('reports.daily.text.title')}
      styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 12 } }}
      data-testid="report-texts"
    >
      {report.status === 'open' && (
        <Alert type="info" showIcon title={t('reports.daily.dayOpen', { end: at(report.period.end) })} />
      )}
      {!mayWrite && <Alert type="info" showIcon title={t('reports.daily.readOnly')} />}
      <TextFields texts={texts} onChange={setTexts} disabled={!mayWrite} />
      {report.draft?.updatedBy && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="draft-by">
          {t('reports.daily.draftBy', {
            name: report.draft.updatedBy.displayName,
            time: formatDateTime(report.draft.updatedAt),
          })}
          {dirty && ` · ${t('reports.daily.unsaved')}`}
        </Typography.Text>
      )}
      {mayWrite && (
        <div
          style={{
            display: 'flex',
            flexDirection: isMobile ? 'column-reverse' : 'row',
            justifyContent: 'flex-end',
            gap: 8,
          }}
        >
          <Button
            size={size}
            icon={<SaveOutlined />}
            onClick={onSave}
            loading={saveDraft.isPending}
            disabled={!dirty}
            block={isMobile}
            data-testid="report-save-draft"
          >
            {t('reports.daily.saveDraft')}
          </Button>
          <Button
            type="primary"
            size={size}
            icon={<SendOutlined />}
            disabled={!report.canSubmit}
            onClick={() => setConfirming(true)}
            block={isMobile}
            data-testid="report-submit"
          >
            {report.zeroReport ? t('reports.daily.submitZero') : t('reports.daily.submit')}
          </Button>
        </div>
      )}
      <SubmitConfirm
        open={confirming}
        report={report}
        pending={submit.isPending}
        onOk={onSubmit}
        onCancel={() => setConfirming(false)}
      />
    </Card>
  );
}

export function TextFields({
  texts,
  onChange,
  disabled,
}: {
  texts: Texts;
  onChange: (t: Texts) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const field = (key: keyof Texts, max: number, rows: number) => (
    <Form.Item
      key={key}
      label={t(`reports.daily.text.${key}`)}
      htmlFor={`report-${key}`}
      style={{ marginBottom: 0 }}
      layout="vertical"
    >
      <Input.TextArea
        id={`report-${key}`}
        value={texts[key]}
        onChange={(e) => onChange({ ...texts, [key]: e.target.value })}
        placeholder={t(`reports.daily.text.${key}Placeholder`)}
        autoSize={{ minRows: rows, maxRows: 12 }}
        maxLength={max}
        showCount={texts[key].length > max * 0.8}
        disabled={disabled}
        data-testid={`report-${key}`}
      />
    </Form.Item>
  );
  return (
    <Form layout="vertical" component="div" style={{ display: 'grid', gap: 12 }}>
      {field('notableEvents', FREE_TEXT_MAX, 3)}
      {field('needs', FREE_TEXT_MAX, 2)}
      {field('remarks', 500, 1)}
    </Form>
  );
}

/**
 * The explicit confirmation: what is being submitted (a zero report says so in words), that it is
 * frozen afterwards, and a tick that the figures were checked.
 */
function SubmitConfirm({
  open,
  report,
  pending,
  onOk,
  onCancel,
}: {
  open: boolean;
  report: DailyReportDto;
  pending: boolean;
  onOk: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useDayFormat();
  const isMobile = useIsMobile();
  const [checked, setChecked] = useState(false);
  useEffect(() => {
    if (open) setChecked(false);
  }, [open]);
  const vars = { unit: report.unit.name, date: fmt.long(report.date), count: report.newEvents };
  return (
    <Modal
      open={open}
      title={report.zeroReport ? t('reports.daily.confirmZeroTitle') : t('reports.daily.confirmTitle', vars)}
      okText={t('reports.daily.confirmOk')}
      okButtonProps={
        { disabled: !checked, size: isMobile ? 'large' : 'middle', 'data-testid': 'confirm-ok' } as never
      }
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      confirmLoading={pending}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden
      data-testid="submit-confirm"
    >
      <div style={{ display: 'grid', gap: 12 }} data-testid="submit-confirm-body">
        {report.zeroReport && (
          <div>
            <ZeroTag />
          </div>
        )}
        <Typography.Paragraph style={{ margin: 0 }}>
          {report.zeroReport
            ? t('reports.daily.confirmZeroBody', vars)
            : t('reports.daily.confirmBody', vars)}
        </Typography.Paragraph>
        <Checkbox
          checked={checked}
          onChange={(e) => setChecked(e.target.checked)}
          data-testid="confirm-check"
          style={{ fontSize: 15, padding: '6px 0' }}
        >
          {t('reports.daily.confirmCheck')}
        </Checkbox>
      </div>
    </Modal>
  );
}
