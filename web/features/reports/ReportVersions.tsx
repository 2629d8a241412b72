import { EditOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Space, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyReportDto, ReportVersionDto } from '../../../domain/reports';
import { ApiError } from '../../app/api/client';
import { formatDateTime } from '../../components/format';
import { errorMessage } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { body, TEXT_KEYS, TextFields, type Texts, textsOf } from './ReportTexts';
import { useDayFormat, ZeroTag } from './report-display';
import { useSubmitReport } from './reports.api';

/** A submitted daily report: its frozen texts, corrections as new versions, and the version history. */

/** After submission: the texts of the version shown, read-only, and the way to a correction. */
export function SubmittedTexts({ report, viewed }: { report: DailyReportDto; viewed: ReportVersionDto }) {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [correcting, setCorrecting] = useState(false);
  const mayWrite = hasPermission(me, 'reports.submit') && report.canSubmit;
  const row = (key: keyof Texts) => (
    <div key={key} style={{ display: 'grid', gap: 2 }} data-testid={`submitted-${key}`}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t(`reports.daily.text.${key}`)}
      </Typography.Text>
      <div
        style={{
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
          color: viewed[key] ? token.colorText : token.colorTextTertiary,
        }}
      >
        {viewed[key] || t('reports.daily.text.empty')}
      </div>
    </div>
  );
  return (
    <Card
      title={t('reports.daily.text.title')}
      extra={
        mayWrite &&
        !isMobile && (
          <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)} data-testid="report-correct">
            {t('reports.daily.correct')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 12 } }}
      data-testid="report-texts"
    >
      {TEXT_KEYS.map(row)}
      {mayWrite && isMobile && (
        <Button
          size="large"
          block
          icon={<EditOutlined />}
          onClick={() => setCorrecting(true)}
          data-testid="report-correct"
        >
          {t('reports.daily.correct')}
        </Button>
      )}
      {correcting && <CorrectionModal report={report} onClose={() => setCorrecting(false)} />}
    </Card>
  );
}

function CorrectionModal({ report, onClose }: { report: DailyReportDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const fmt = useDayFormat();
  const submit = useSubmitReport();
  const latest = report.versions.at(-1);
  const [texts, setTexts] = useState<Texts>(textsOf(latest ?? null));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const next = (latest?.version ?? 0) + 1;

  const onOk = () => {
    if (!reason.trim()) {
      setReasonError(t('reports.daily.correctionReasonRequired'));
      return;
    }
    submit.mutate(
      {
        unitId: report.unit.id,
        date: report.date,
        body: { ...body(texts), correctionReason: reason.trim() },
      },
      {
        onSuccess: () => {
          void message.success(t('reports.daily.corrected', { version: next }));
          onClose();
        },
        onError: (e) => {
          const field =
            e instanceof ApiError ? e.fieldErrors.find((f) => f.field === 'correctionReason') : undefined;
          if (field) setReasonError(field.message);
          else void message.error(errorMessage(e, t('error.network')));
        },
      },
    );
  };

  return (
    <Modal
      open
      width={isMobile ? undefined : 640}
      title={t('reports.daily.correctionTitle', { date: fmt.long(report.date) })}
      okText={t('reports.daily.correct')}
      okButtonProps={{ size: isMobile ? 'large' : 'middle', 'data-testid': 'correction-ok' } as never}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      confirmLoading={submit.isPending}
      onOk={onOk}
      onCancel={onClose}
      data-testid="correction-modal"
    >
      <div style={{ display: 'grid', gap: 12 }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('reports.daily.correctionIntro', { version: next })}
        </Typography.Paragraph>
        <Form layout="vertical" component="div">
          <Form.Item
            label={t('reports.daily.correctionReason')}
            required
            validateStatus={reasonError ? 'error' : undefined}
            help={reasonError ?? undefined}
            htmlFor="report-correction-reason"
            style={{ marginBottom: 0 }}
          >
            <Input
              id="report-correction-reason"
              size={isMobile ? 'large' : 'middle'}
              value={reason}
              maxLength={200}
              onChange={(e) => {
                setReason(e.target.value);
                setReasonError(null);
              }}
              placeholder={t('reports.daily.correctionReasonPlaceholder')}
              data-testid="correction-reason"
            />
          </Form.Item>
        </Form>
        <TextFields texts={texts} onChange={setTexts} />
      </div>
    </Modal>
  );
}

export function VersionHistory({ report, onOpen }: { report: DailyReportDto; onOpen: (v: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const versions = [...report.versions].reverse();
  return (
    <Card
      title={t('reports.daily.versions')}
      styles={{ body: { padding: isMobile ? 12 : 20 } }}
      data-testid="report-versions"
    >
      <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 0 }}>
        {versions.map((v) => (
          <li
            key={v.id}
            data-testid="report-version"
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 12,
              padding: '10px 0',
              borderBottom: `1px solid ${token.colorBorderSecondary}`,
            }}
          >
            <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 2 }}>
              <Space size={6} wrap>
                <Typography.Text strong>{t('reports.daily.versionN', { n: v.version })}</Typography.Text>
                {v.zeroReport && <ZeroTag />}
                {v.late && (
                  <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                    {t('reports.status.late')}
                  </Tag>
                )}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {v.submittedBy?.displayName ?? t('reports.daily.bySystem')} · {formatDateTime(v.submittedAt)}
              </Typography.Text>
              <Typography.Text style={{ fontSize: 13, overflowWrap: 'anywhere' }}>
                {v.correctionReason
                  ? t('reports.daily.correctionOf', { reason: v.correctionReason })
                  : t('reports.daily.firstSubmission')}
              </Typography.Text>
            </div>
            <Button
              type="text"
              size={isMobile ? 'large' : 'middle'}
              icon={<RightOutlined />}
              aria-label={t('reports.daily.versionN', { n: v.version })}
              onClick={() => {
                onOpen(String(v.version));
                window.scrollTo({ top: 0, behavior: 'smooth' });
              }}
            />
          </li>
        ))}
      </ol>
    </Card>
  );
}
