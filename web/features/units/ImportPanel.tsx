import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
  theme,
  Upload,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { type TreeImportResult, UNIT_TYPES, type UnitDto, type UnitType } from '../../../domain/units';
import { formatNumber } from '../../components/format';
import { errorMessage } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { IMPORT_TEMPLATE_URL, useImportTree } from './units.api';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell that a spreadsheet would run as a formula is written as text (formula injection). */
function csvCell(value: string | number): string {
  let v = String(value);
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The rejected rows as a CSV file Excel opens directly (UTF-8 with a byte order mark). */
function downloadRejected(result: TreeImportResult, rowLabel: string, reasonLabel: string): void {
  const lines = [
    [rowLabel, reasonLabel].map(csvCell).join(','),
    ...result.rejected.map((r) => [r.row, r.reason].map(csvCell).join(',')),
  ];
  const blob = new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = 'rejected-rows.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 1_000);
}

/** Excel import of a community's or a sub-district's grid, with every rejected row and its reason. */
export function ImportPanel({ unit }: { unit: UnitDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const importTree = useImportTree();

  const upload = (file: File) => {
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      void message.error(t('units.import.onlyXlsx'));
      return;
    }
    importTree.mutate({ id: unit.id, file });
  };

  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16 }}
      data-testid="import-panel"
    >
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('units.import.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('units.import.intro')}
        </Typography.Paragraph>
        <Button
          href={IMPORT_TEMPLATE_URL}
          download
          icon={<DownloadOutlined />}
          size={isMobile ? 'large' : 'middle'}
          block={isMobile}
          data-testid="import-template"
        >
          {t('units.import.template')}
        </Button>
      </div>
      <Spin spinning={importTree.isPending} description={t('units.import.uploading')}>
        <Upload.Dragger
          accept={`.xlsx,${XLSX_TYPE}`}
          multiple={false}
          showUploadList={false}
          disabled={importTree.isPending}
          beforeUpload={(file) => {
            upload(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">
            {isMobile ? t('units.import.choose') : t('units.import.dragHint')}
          </p>
        </Upload.Dragger>
      </Spin>
      {importTree.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(importTree.error, t('error.network'))}
          data-testid="import-error"
        />
      )}
      {importTree.data && <ImportResultView result={importTree.data} />}
    </div>
  );
}

function ImportResultView({ result }: { result: TreeImportResult }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const created = UNIT_TYPES.filter((type) => (result.created[type] ?? 0) > 0);
  const box = {
    background: token.colorFillQuaternary,
    borderRadius: token.borderRadiusLG,
    padding: '10px 14px',
  };
  return (
    <div
      data-testid="import-result"
      style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16 }}
    >
      <Alert
        type={result.rowsRejected > 0 ? 'warning' : 'success'}
        showIcon
        title={t('units.import.done')}
        description={result.rowsRejected === 0 ? t('units.import.allGood') : undefined}
      />
      <Row gutter={[8, 8]}>
        <Col xs={8}>
          <div style={box}>
            <Statistic
              title={t('units.import.rowsRead')}
              value={result.rowsRead}
              formatter={(v) => formatNumber(Number(v))}
            />
          </div>
        </Col>
        <Col xs={8}>
          <div style={box}>
            <Statistic
              title={t('units.import.rowsStored')}
              value={result.rowsStored}
              styles={{ content: { color: token.colorSuccess } }}
              formatter={(v) => formatNumber(Number(v))}
            />
          </div>
        </Col>
        <Col xs={8}>
          <div style={box}>
            <Statistic
              title={t('units.import.rowsRejected')}
              value={result.rowsRejected}
              styles={{ content: { color: result.rowsRejected > 0 ? token.colorError : undefined } }}
              formatter={(v) => formatNumber(Number(v))}
            />
          </div>
        </Col>
      </Row>
      <div>
        <Typography.Text strong>
          {t('units.import.createdByType')}
          {t('common.colon')}
        </Typography.Text>
        {created.length === 0 ? (
          <Typography.Text type="secondary">{t('units.import.nothingCreated')}</Typography.Text>
        ) : (
          <Space wrap size={[4, 4]}>
            {created.map((type: UnitType) => (
              <Tag key={type} color="blue">
                {t(`unitType.${type}`)} {formatNumber(result.created[type] ?? 0)}
              </Tag>
            ))}
          </Space>
        )}
      </div>
      {result.rejected.length > 0 && (
        <div>
          <div
            style={{
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'space-between',
              gap: 8,
              flexWrap: 'wrap',
            }}
          >
            <Typography.Title level={5} style={{ margin: '8px 0' }}>
              {t('units.import.rejectedRows')}
            </Typography.Title>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => downloadRejected(result, t('units.import.row'), t('units.import.reason'))}
              data-testid="import-rejected-download"
            >
              {t('units.import.downloadRejected')}
            </Button>
          </div>
          <Table
            data-testid="import-rejected"
            size="small"
            rowKey={(r) => `${r.row}:${r.reason}`}
            dataSource={result.rejected}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('units.import.row'), dataIndex: 'row', width: 80 },
              { title: t('units.import.reason'), dataIndex: 'reason' },
            ]}
          />
        </div>
      )}
    </div>
  );
}
