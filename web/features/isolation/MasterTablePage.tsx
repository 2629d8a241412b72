import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, DatePicker, Result, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { UnitType } from '../../../domain/units';
import { LoadError, Loading } from '../../components/states';
import { useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import { masterTableXlsxUrl, useMasterTable } from './alerts.api';
import { MASTER_CSS, MasterSheet } from './MasterSheet';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UNIT_TYPES: readonly UnitType[] = [
  'subdistrict',
  'community',
  'village',
  'compound',
  'building',
  'entrance',
];

/**
 * 一张通表 for printing: the worklist of a unit and day as one A4 landscape table — the same rows and
 * states as the worklist, each check with its temperature and a tick, overdue in red, carried-over
 * counts — titled with the unit and day and signed with who printed it when; and the same as .xlsx.
 * Outside the app shell, so the paper holds only the table.
 */
export function MasterTablePage() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const unit = sp.get('unit') || undefined;
  const date = DAY.test(sp.get('date') ?? '') ? (sp.get('date') as string) : undefined;
  const table = useMasterTable(unit, date);
  const data = table.data;

  useEffect(() => {
    if (!data) return;
    const before = document.title;
    document.title = `${t('alerts.master.title')} · ${data.unit.name} · ${data.date}`;
    return () => {
      document.title = before;
    };
  }, [data, t]);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSp(next, { replace: true });
  };
  const back = `/isolation${unit || date ? `?${new URLSearchParams({ ...(unit ? { unit } : {}), ...(date ? { date } : {}) })}` : ''}`;

  let content: ReactNode = null;
  if (table.isError) content = <LoadError error={table.error} onRetry={() => void table.refetch()} />;
  else if (!data) content = <Loading minHeight={320} />;
  else if (data.rows.length === 0)
    content = <Result status="info" title={t('alerts.master.none')} data-testid="master-none" />;

  return (
    <div className="sw-master">
      <style>{MASTER_CSS}</style>
      <header className="sw-no-print sw-master-toolbar">
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Button
            icon={<ArrowLeftOutlined />}
            aria-label={t('alerts.master.back')}
            title={t('alerts.master.back')}
            size="large"
            onClick={() => navigate(back)}
          />
          <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 160 }}>
            {t('alerts.master.title')}
          </Typography.Title>
          <Button
            size="large"
            icon={<DownloadOutlined />}
            href={masterTableXlsxUrl(unit, date ?? data?.date)}
            disabled={!data}
            data-testid="master-xlsx"
          >
            {t('alerts.master.xlsx')}
          </Button>
          <Button
            type="primary"
            size="large"
            icon={<PrinterOutlined />}
            disabled={!data || data.rows.length === 0}
            onClick={() => window.print()}
            data-testid="master-print"
          >
            {t('alerts.master.print')}
          </Button>
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <div style={{ width: 300, maxWidth: '100%' }} data-testid="master-unit">
            <UnitTreeSelect
              value={unit ?? data?.unit.id}
              valueLabel={data?.unit.name}
              onChange={(id) => update({ unit: id })}
              selectableTypes={UNIT_TYPES}
              deepestType="entrance"
            />
          </div>
          <DatePicker
            value={date ? dayjs(date) : data ? dayjs(data.date) : null}
            onChange={(d) => update({ date: d ? d.format('YYYY-MM-DD') : undefined })}
            allowClear={false}
            data-testid="master-date"
          />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('alerts.master.printHint')}
        </Typography.Text>
        {content}
      </header>
      {data && data.rows.length > 0 && <MasterSheet table={data} printedBy={me.displayName} />}
    </div>
  );
}
