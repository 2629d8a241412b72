import { FilterOutlined } from '@ant-design/icons';
import { Button } from 'antd';

export interface FilterToggleProps {
  open: boolean;
  count: number;
  onToggle: () => void;
  label: string;
  /** Shows the label with the count ("筛选 · 2") instead of the count alone beside the icon. */
  withText?: boolean;
  testId?: string;
}

/**
 * The phone's button that shows or hides a list page's filters: filled while open or while filters are
 * set, with the number of filters set.
 */
export function FilterToggle({ open, count, onToggle, label, withText, testId }: FilterToggleProps) {
  let text: string | null = count > 0 ? String(count) : null;
  if (withText) text = count > 0 ? `${label} · ${count}` : label;
  return (
    <Button
      icon={<FilterOutlined />}
      size="large"
      type={open || count > 0 ? 'primary' : 'default'}
      ghost={!open && count > 0}
      onClick={onToggle}
      aria-expanded={open}
      aria-label={withText ? undefined : label}
      data-testid={testId}
    >
      {text}
    </Button>
  );
}
