import { SettingOutlined } from '@ant-design/icons';
import { App, Button, Form, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useDayFormat } from './report-display';
import { useReportSettings, useSaveReportSettings } from './reports.api';

const HOURS = Array.from({ length: 24 }, (_, i) => i + 1);

/**
 * The sub-district's cut-off (截止时间) and how long after it a report is still on time. A change
 * applies from the next report day, so the day running now keeps its period.
 */
export function ReportSettingsButton({ size }: { size: 'large' | 'middle' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size={size}
        icon={<SettingOutlined />}
        onClick={() => setOpen(true)}
        data-testid="report-settings"
      >
        {t('reports.settings.button')}
      </Button>
      {open && <SettingsModal onClose={() => setOpen(false)} />}
    </>
  );
}

function SettingsModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const fmt = useDayFormat();
  const settings = useReportSettings();
  const save = useSaveReportSettings();
  const [cutoffHour, setCutoffHour] = useState<number>(24);
  const [graceHours, setGraceHours] = useState<number>(9);
  const data = settings.data;
  useEffect(() => {
    if (!data) return;
    setCutoffHour(data.cutoffHour);
    setGraceHours(Math.round((data.graceMinutes / 60) * 10) / 10);
  }, [data]);

  const onOk = () =>
    save.mutate(
      { cutoffHour, graceMinutes: Math.round(graceHours * 60) },
      {
        onSuccess: (s) => {
          void message.success(t('reports.settings.saved', { date: fmt.long(s.from) }));
          onClose();
        },
        onError: (e) => void message.error(errorMessage(e, t('error.network'))),
      },
    );

  const size = isMobile ? 'large' : 'middle';
  return (
    <Modal
      open
      title={t('reports.settings.title')}
      okText={t('common.save')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !data, size }}
      cancelButtonProps={{ size }}
      data-testid="report-settings-modal"
    >
      {settings.isError ? (
        <LoadError error={settings.error} onRetry={() => void settings.refetch()} compact />
      ) : !data ? (
        <Loading />
      ) : (
        <Form layout="vertical" component="div">
          <Typography.Paragraph type="secondary">
            {t('reports.settings.intro', { date: fmt.long(data.from) })}
          </Typography.Paragraph>
          <Form.Item
            label={t('reports.settings.cutoff')}
            help={t('reports.settings.cutoffHint')}
            style={{ marginBottom: 20 }}
          >
            <Select
              size={size}
              value={cutoffHour}
              onChange={setCutoffHour}
              options={HOURS.map((h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }))}
              style={{ width: 160 }}
              data-testid="settings-cutoff"
            />
          </Form.Item>
          <Form.Item
            label={t('reports.settings.grace')}
            help={t('reports.settings.graceHint')}
            style={{ marginBottom: 8 }}
          >
            <InputNumber
              size={size}
              min={0}
              max={24}
              step={0.5}
              precision={Number.isInteger(graceHours) ? 0 : 1}
              value={graceHours}
              onChange={(v) => setGraceHours(typeof v === 'number' ? v : 0)}
              suffix={t('reports.settings.hours')}
              style={{ width: 160 }}
              data-testid="settings-grace"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
