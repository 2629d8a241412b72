import {
  CheckCircleFilled,
  DeleteOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Popconfirm,
  Progress,
  Result,
  Row,
  Select,
  Statistic,
  Steps,
  Switch,
  Table,
  Tag,
  Typography,
  theme,
  Upload,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LEDGER_FIELDS, type LedgerField } from '../../../domain/ledger';
import { message as serverMessage } from '../../../domain/messages';
import { currentLanguage } from '../../app/i18n';
import { type ColumnT, formatNumber } from '../../components/format';
import { LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import {
  type ColumnMapping,
  downloadFile,
  type ImportDto,
  type ImportPreview,
  type PreviewColumn,
  problemText,
  RESIDENT_TEMPLATE_URL,
  useCancelImport,
  useImportJob,
  usePreviewImport,
  useStartImport,
  XLSX_MAX_MB,
  XLSX_TYPE,
} from './imports.api';
import { RegistryNav } from './RegistryNav';
import { useUnitDetail } from './registry.api';

/** Columns without which every row would be refused. */
const REQUIRED: readonly LedgerField[] = ['name', 'building', 'room'];

/**
 * 台账导入: choose the compound and the ledger, check what the importer makes of its header (and name
 * the columns it does not know), follow the import, then read the result and fetch the rejected rows.
 * A running or finished import lives in the address (`?job=`), so a reload comes back to it.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const job = sp.get('job');
  return (
    <>
      <RegistryNav />
      <Card
        title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('imports.title')}</span>}
        styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 20 } }}
        data-testid="import-page"
      >
        {job ? (
          <JobView key={job} id={job} onRestart={(unit) => setSp({ unit })} />
        ) : (
          <Wizard initialUnit={sp.get('unit') ?? undefined} onStarted={(id) => setSp({ job: id })} />
        )}
      </Card>
    </>
  );
}

function ImportSteps({ current, failed }: { current: number; failed?: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Steps
      current={current}
      status={failed ? 'error' : undefined}
      size="small"
      responsive={false}
      titlePlacement={isMobile ? 'vertical' : 'horizontal'}
      items={(['file', 'mapping', 'progress', 'result'] as const).map((k) => ({
        title: t(`imports.steps.${k}`),
      }))}
      data-testid="import-steps"
    />
  );
}

function Wizard({ initialUnit, onStarted }: { initialUnit?: string; onStarted: (id: string) => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const isMobile = useIsMobile();
  const [unitId, setUnitId] = useState<string | undefined>(
    initialUnit ?? (me.unitType === 'compound' ? me.unitId : undefined),
  );
  const unitName = useUnitDetail(unitId).data?.name;
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [createRooms, setCreateRooms] = useState(true);
  const [step, setStep] = useState<0 | 1>(0);
  const [mapping, setMapping] = useState<Record<number, LedgerField | undefined>>({});
  const preview = usePreviewImport();
  const start = useStartImport();
  const size = isMobile ? 'large' : 'middle';

  const pick = (f: File) => {
    preview.reset();
    start.reset();
    if (!f.name.toLowerCase().endsWith('.xlsx')) {
      setFile(null);
      setFileError(t('imports.onlyXlsx'));
    } else if (f.size > XLSX_MAX_MB * 1024 * 1024) {
      setFile(null);
      setFileError(t('imports.tooLarge', { max: String(XLSX_MAX_MB) }));
    } else {
      setFile(f);
      setFileError(null);
    }
  };

  const next = () => {
    if (!file) return;
    preview.mutate(file, {
      onSuccess: (p) => {
        setMapping(Object.fromEntries(p.columns.map((c) => [c.column, c.field ?? undefined])));
        setStep(1);
      },
    });
  };

  const begin = (p: ImportPreview) => {
    if (!file || !unitId) return;
    const changed = !p.recognised || p.columns.some((c) => (c.field ?? undefined) !== mapping[c.column]);
    const columns: ColumnMapping = {};
    for (const [col, field] of Object.entries(mapping)) if (field) columns[field] = Number(col);
    start.mutate(
      {
        file,
        unitId,
        createRooms,
        ...(changed ? { mapping: { columns, headerRow: p.headerRow } } : {}),
      },
      { onSuccess: (job) => onStarted(job.id) },
    );
  };

  if (step === 1 && preview.data && file) {
    const p = preview.data;
    const missing = REQUIRED.filter((f) => !Object.values(mapping).includes(f));
    return (
      <>
        <ImportSteps current={1} />
        <MappingStep
          preview={p}
          mapping={mapping}
          onChange={(column, field) => setMapping({ ...mapping, [column]: field })}
        />
        <Typography.Text type="secondary" data-testid="import-summary">
          <FileExcelOutlined /> {file.name} ·{' '}
          {t('imports.mapping.summary', {
            unit: unitName ?? '',
            rooms: createRooms ? t('imports.mapping.yes') : t('imports.mapping.no'),
          })}
        </Typography.Text>
        {missing.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={t('imports.mapping.missing', {
              fields: missing.map((f) => t(`imports.field.${f}`)).join('、'),
            })}
            data-testid="import-missing"
          />
        )}
        {start.isError && (
          <Alert
            type="error"
            showIcon
            title={problemText(start.error, t('error.network'))}
            data-testid="import-error"
          />
        )}
        <Actions>
          <Button size={size} onClick={() => setStep(0)} disabled={start.isPending} block={isMobile}>
            {t('imports.back')}
          </Button>
          <Button
            type="primary"
            size={size}
            disabled={missing.length > 0}
            loading={start.isPending}
            onClick={() => begin(p)}
            block={isMobile}
            data-testid="import-start"
          >
            {start.isPending ? t('imports.starting') : t('imports.start')}
          </Button>
        </Actions>
      </>
    );
  }

  return (
    <>
      <ImportSteps current={0} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('imports.intro')}
      </Typography.Paragraph>
      <div style={{ display: 'grid', gap: 20, maxWidth: 720 }}>
        <Labelled label={t('imports.compound')} hint={t('imports.compoundHint')}>
          <div data-testid="import-compound">
            <UnitTreeSelect
              value={unitId}
              valueLabel={unitName}
              onChange={(id) => setUnitId(id)}
              selectableTypes={['compound']}
              deepestType="compound"
              placeholder={t('imports.compoundPlaceholder')}
            />
          </div>
        </Labelled>
        <Labelled label={t('imports.file')}>
          <div data-testid="import-upload">
            <Upload.Dragger
              accept={`.xlsx,${XLSX_TYPE}`}
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                pick(f);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{isMobile ? t('imports.choose') : t('imports.dragHint')}</p>
            </Upload.Dragger>
          </div>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, marginTop: 6 }}>
            {t('imports.fileHint', { max: String(XLSX_MAX_MB) })}
          </Typography.Text>
          {file && (
            <div
              style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 8, minWidth: 0 }}
              data-testid="import-file"
            >
              <FileExcelOutlined style={{ color: '#1d6f42', fontSize: 18 }} />
              <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }}>
                {file.name}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                {(file.size / 1024).toFixed(file.size < 10_240 ? 1 : 0)} KB
              </Typography.Text>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('imports.removeFile')}
                onClick={() => {
                  setFile(null);
                  preview.reset();
                }}
              />
            </div>
          )}
          {fileError && (
            <Alert
              type="error"
              showIcon
              title={fileError}
              style={{ marginTop: 8 }}
              data-testid="import-error"
            />
          )}
          <div style={{ marginTop: 8, display: 'grid', gap: 4, justifyItems: 'start' }}>
            <Button
              href={RESIDENT_TEMPLATE_URL}
              download
              icon={<DownloadOutlined />}
              type="link"
              style={{ paddingInline: 0 }}
              data-testid="import-template"
            >
              {t('imports.template')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('imports.templateHint')}
            </Typography.Text>
          </div>
        </Labelled>
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
          <Switch
            checked={createRooms}
            onChange={setCreateRooms}
            id="import-create-rooms"
            data-testid="import-create-rooms"
            style={{ marginTop: 2, flex: 'none' }}
          />
          <label htmlFor="import-create-rooms" style={{ display: 'grid', gap: 2, cursor: 'pointer' }}>
            <span style={{ fontWeight: 500 }}>{t('imports.createRooms')}</span>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('imports.createRoomsHint')}
            </Typography.Text>
          </label>
        </div>
        {preview.isError && (
          <Alert
            type="error"
            showIcon
            title={problemText(preview.error, t('error.network'))}
            data-testid="import-error"
          />
        )}
        <Actions>
          <Button
            type="primary"
            size={size}
            disabled={!unitId || !file}
            loading={preview.isPending}
            onClick={next}
            block={isMobile}
            data-testid="import-next"
          >
            {preview.isPending ? t('imports.reading') : t('imports.next')}
          </Button>
        </Actions>
      </div>
    </>
  );
}

function Labelled({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <div style={{ display: 'grid', gap: 6, minWidth: 0 }}>
      <span style={{ fontWeight: 500 }}>{label}</span>
      <div style={{ minWidth: 0 }}>{children}</div>
      {hint && <span style={{ fontSize: 13, color: token.colorTextSecondary }}>{hint}</span>}
    </div>
  );
}

function Actions({ children }: { children: ReactNode }) {
  const isMobile = useIsMobile();
  return (
    <div
      style={{
        display: 'flex',
        gap: 8,
        flexDirection: isMobile ? 'column-reverse' : 'row',
        justifyContent: 'flex-start',
      }}
    >
      {children}
    </div>
  );
}

function MappingStep({
  preview,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: Record<number, LedgerField | undefined>;
  onChange: (column: number, field: LedgerField | undefined) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  // Column titles take plain keys (see ColumnT): i18next's key types inside antd's column types overwhelm tsc.
  const ct = t as ColumnT;
  const editable = (c: PreviewColumn) => !c.seq && (!preview.recognised || !c.field);
  const unmapped = preview.columns.filter((c) => !c.field && !c.seq).length;
  const recognised = preview.columns.filter((c) => c.field).length;
  const used = new Map<LedgerField, number>();
  for (const [col, f] of Object.entries(mapping)) if (f) used.set(f, Number(col));

  const target = (c: PreviewColumn) => {
    if (c.seq) return <Tag>{t('imports.mapping.seq')}</Tag>;
    if (!editable(c) && c.field) {
      return (
        <Tag color="success" icon={<CheckCircleFilled />} data-testid={`map-${c.letter}`}>
          {t(`imports.field.${c.field}`)}
        </Tag>
      );
    }
    return (
      <Select<LedgerField>
        allowClear
        size={isMobile ? 'large' : 'middle'}
        value={mapping[c.column]}
        placeholder={t('imports.mapping.ignore')}
        onChange={(f) => onChange(c.column, f)}
        options={LEDGER_FIELDS.map((f) => ({
          value: f,
          label: t(`imports.field.${f}`),
          disabled: used.has(f) && used.get(f) !== c.column,
        }))}
        style={{ width: '100%' }}
        aria-label={`${t('imports.mapping.target')} ${c.letter}`}
        data-testid={`map-${c.letter}`}
      />
    );
  };
  const header = (c: PreviewColumn) =>
    c.header || <Typography.Text type="secondary">{t('imports.mapping.noHeader')}</Typography.Text>;
  const samples = (c: PreviewColumn) => c.samples.filter(Boolean).join(' / ');

  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="import-mapping">
      <Alert
        type={preview.recognised ? (unmapped > 0 ? 'info' : 'success') : 'warning'}
        showIcon
        title={
          preview.recognised
            ? t('imports.mapping.found', { row: String(preview.headerRow), count: recognised })
            : t('imports.mapping.notFound', { row: String(preview.headerRow) })
        }
        description={
          preview.recognised
            ? unmapped > 0
              ? t('imports.mapping.unmapped', { count: unmapped })
              : t('imports.mapping.allKnown')
            : undefined
        }
      />
      {isMobile ? (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
          {preview.columns.map((c) => (
            <li
              key={c.column}
              style={{
                border: `1px solid ${editable(c) ? token.colorPrimaryBorder : token.colorBorderSecondary}`,
                borderRadius: token.borderRadiusLG,
                padding: 12,
                display: 'grid',
                gap: 6,
              }}
            >
              <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', minWidth: 0 }}>
                <Tag style={{ marginInlineEnd: 0 }}>{c.letter}</Tag>
                <span style={{ fontWeight: 600, minWidth: 0, overflowWrap: 'anywhere' }}>{header(c)}</span>
              </div>
              {samples(c) && (
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 13 }}>
                  {samples(c)}
                </Typography.Text>
              )}
              <div>{target(c)}</div>
            </li>
          ))}
        </ul>
      ) : (
        <Table<PreviewColumn>
          size="small"
          rowKey="column"
          pagination={false}
          dataSource={preview.columns}
          columns={[
            { title: ct('imports.mapping.column'), dataIndex: 'letter', width: 64 },
            { title: ct('imports.mapping.header'), key: 'header', width: 200, render: (_, c) => header(c) },
            {
              title: ct('imports.mapping.samples'),
              key: 'samples',
              ellipsis: true,
              render: (_, c) => <Typography.Text type="secondary">{samples(c)}</Typography.Text>,
            },
            { title: ct('imports.mapping.target'), key: 'target', width: 240, render: (_, c) => target(c) },
          ]}
        />
      )}
    </div>
  );
}

function JobView({ id, onRestart }: { id: string; onRestart: (unitId: string) => void }) {
  const { t } = useTranslation();
  const job = useImportJob(id);
  if (job.isPending) return <Loading />;
  if (job.isError) return <LoadError error={job.error} onRetry={() => void job.refetch()} />;
  const j = job.data;
  return (
    <>
      <ImportSteps current={j.status === 'running' ? 2 : 3} failed={j.status === 'failed'} />
      <Typography.Text type="secondary">
        <FileExcelOutlined /> {t('imports.result.file', { name: j.fileName })}
      </Typography.Text>
      {j.status === 'running' ? <Running job={j} /> : <Outcome job={j} onRestart={onRestart} />}
    </>
  );
}

function percentOf(j: ImportDto): number {
  switch (j.phase) {
    case 'reading':
      return 10;
    case 'checking':
      return 45;
    case 'storing':
      return Math.round(50 + (45 * j.written) / Math.max(1, j.rowsStored));
    default:
      return 99;
  }
}

function PhaseText({ job: j }: { job: ImportDto }) {
  const { t } = useTranslation();
  if (j.phase === 'reading') return t('imports.progress.reading', { count: j.rowsRead });
  if (j.phase === 'checking') return t('imports.progress.checking');
  if (j.phase === 'storing') {
    return t('imports.progress.storing', {
      written: formatNumber(j.written),
      total: formatNumber(j.rowsStored),
    });
  }
  return t('imports.progress.finished');
}

function Figure({
  title,
  value,
  color,
  testId,
}: {
  title: string;
  value: number;
  color?: string;
  testId: string;
}) {
  const { token } = theme.useToken();
  return (
    <div
      style={{
        background: token.colorFillQuaternary,
        borderRadius: token.borderRadiusLG,
        padding: '10px 14px',
      }}
      data-testid={testId}
    >
      <Statistic
        title={title}
        value={value}
        styles={{ content: color ? { color } : {} }}
        formatter={(v) => formatNumber(Number(v))}
      />
    </div>
  );
}

function Running({ job: j }: { job: ImportDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const cancel = useCancelImport(j.id);
  return (
    <div style={{ display: 'grid', gap: 16, maxWidth: 720 }} data-testid="import-progress">
      <div>
        <Progress percent={percentOf(j)} status="active" showInfo={false} />
        <Typography.Text data-testid="import-phase">
          <PhaseText job={j} />
        </Typography.Text>
      </div>
      <Row gutter={[8, 8]}>
        <Col xs={8}>
          <Figure title={t('imports.progress.rowsRead')} value={j.rowsRead} testId="progress-read" />
        </Col>
        <Col xs={8}>
          <Figure
            title={t('imports.progress.rowsRejected')}
            value={j.rowsRejected}
            color={j.rowsRejected > 0 ? token.colorError : undefined}
            testId="progress-rejected"
          />
        </Col>
        <Col xs={8}>
          <Figure title={t('imports.progress.written')} value={j.written} testId="progress-written" />
        </Col>
      </Row>
      {cancel.isError && (
        <Alert type="error" showIcon title={problemText(cancel.error, t('error.network'))} />
      )}
      <div>
        <Popconfirm
          title={t('imports.progress.cancelConfirm')}
          description={t('imports.progress.cancelHint')}
          okText={t('imports.progress.cancel')}
          okButtonProps={{ danger: true }}
          cancelText={t('imports.progress.keepGoing')}
          onConfirm={() => cancel.mutate()}
        >
          <Button
            danger
            size={isMobile ? 'large' : 'middle'}
            block={isMobile}
            loading={cancel.isPending}
            data-testid="import-cancel"
          >
            {cancel.isPending ? t('imports.progress.cancelling') : t('imports.progress.cancel')}
          </Button>
        </Popconfirm>
      </div>
    </div>
  );
}

function Outcome({ job: j, onRestart }: { job: ImportDto; onRestart: (unitId: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [downloading, setDownloading] = useState(false);
  const size = isMobile ? 'large' : 'middle';

  if (j.status !== 'done') {
    const key = j.error;
    return (
      <Result
        status={j.status === 'failed' ? 'error' : 'info'}
        title={j.status === 'failed' ? t('imports.result.failed') : t('imports.result.cancelled')}
        subTitle={key ? serverMessage(key, currentLanguage()) : undefined}
        extra={
          <Button type="primary" size={size} onClick={() => onRestart(j.unitId)} data-testid="import-again">
            {t('imports.result.retry')}
          </Button>
        }
        data-testid="import-result"
      />
    );
  }

  const downloadRejected = async () => {
    setDownloading(true);
    try {
      await downloadFile(`/api/imports/${j.id}/rejected.xlsx`, {}, 'rejected.xlsx');
    } catch (err) {
      void message.error(problemText(err, t('error.network')));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="import-result">
      <Alert
        type={j.rowsRejected > 0 ? 'warning' : 'success'}
        showIcon
        title={t('imports.result.done')}
        description={
          j.rowsRejected > 0
            ? t('imports.result.doneSummary', {
                read: formatNumber(j.rowsRead),
                stored: formatNumber(j.rowsStored),
                rejected: formatNumber(j.rowsRejected),
              })
            : t('imports.result.allGood', { read: formatNumber(j.rowsRead) })
        }
      />
      <Row gutter={[8, 8]}>
        <Col xs={12} md={6}>
          <Figure title={t('imports.result.rowsRead')} value={j.rowsRead} testId="result-read" />
        </Col>
        <Col xs={12} md={6}>
          <Figure
            title={t('imports.result.rowsStored')}
            value={j.rowsStored}
            color={token.colorSuccess}
            testId="result-stored"
          />
        </Col>
        <Col xs={12} md={6}>
          <Figure
            title={t('imports.result.rowsRejected')}
            value={j.rowsRejected}
            color={j.rowsRejected > 0 ? token.colorError : undefined}
            testId="result-rejected"
          />
        </Col>
        <Col xs={12} md={6}>
          <Figure title={t('imports.result.roomsCreated')} value={j.roomsCreated} testId="result-rooms" />
        </Col>
      </Row>
      {j.rowsRejected > 0 && (
        <Typography.Text type="secondary">{t('imports.result.rejectedHint')}</Typography.Text>
      )}
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', flexDirection: isMobile ? 'column' : 'row' }}>
        {j.rowsRejected > 0 && (
          <Button
            type="primary"
            size={size}
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={() => void downloadRejected()}
            block={isMobile}
            data-testid="import-rejected-download"
          >
            {t('imports.result.downloadRejected')}
          </Button>
        )}
        <Button
          size={size}
          icon={<TeamOutlined />}
          onClick={() => navigate(`/registry?unit=${j.unitId}`)}
          block={isMobile}
          data-testid="import-view-residents"
        >
          {t('imports.result.viewResidents')}
        </Button>
        <Button size={size} onClick={() => onRestart(j.unitId)} block={isMobile} data-testid="import-again">
          {t('imports.result.again')}
        </Button>
      </div>
    </div>
  );
}
