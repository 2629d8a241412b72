import { FilterOutlined } from '@ant-design/icons';
import { Button } from 'antd';

/**
 * The phone's button that shows or hides a list page's filters: filled while open or while filters are
 * set, with the number of filters set.
 */
export function FilterToggle({
  open,
  count,
  onToggle,
  label,
}: {
  open: boolean;
  count: number;
  onToggle: () => void;
  label: string;
}) {
  return (
    <Button
      icon={<FilterOutlined />}
      size="large"
      type={open || count > 0 ? 'primary' : 'default'}
      ghost={!open && count > 0}
      onClick={onToggle}
      aria-expanded={open}
      aria-label={label}
    >
      {count > 0 ? String(count) : null}
    </Button>
  );
}
