import { useEffect } from 'react';
import { dismissNotice, useStudio, type Notice } from '../store';

/** How long news (an info notice) stays: long enough to read, short enough not to pile up over the page. */
const INFO_MS = 12_000;

function NoticeItem({ n }: { n: Notice }) {
  useEffect(() => {
    if (n.level !== 'info') return;
    const timer = setTimeout(() => dismissNotice(n.id), INFO_MS);
    return () => clearTimeout(timer);
  }, [n.id, n.level]);
  return (
    <div
      className={`notice notice-${n.level}`}
      role={n.level === 'error' ? 'alert' : 'status'}
      data-testid="notice"
      data-level={n.level}
    >
      <span>{n.text}</span>
      <button type="button" className="link" aria-label="Dismiss" onClick={() => dismissNotice(n.id)}>
        ×
      </button>
    </div>
  );
}

/** Banners at the top right, under the top bar: away from the output's export and scrub controls at the bottom. */
export function Notices() {
  const notices = useStudio((s) => s.notices);
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <NoticeItem key={n.id} n={n} />
      ))}
    </div>
  );
}
