import { useQueryClient } from '@tanstack/react-query';
import { actionHeaders, answer, client, type Status } from '../api-client.ts';
import type { LiveMode } from '../live-updates.ts';
import type { ThemeChoice } from '../theme.ts';

const THEME_LABEL: Readonly<Record<ThemeChoice, string>> = {
  system: 'Theme: system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};

const LIVE_LABEL: Readonly<Record<LiveMode, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Polling every 5 s',
};

/** The top bar: the paper/live badge (the engine's own setting), halted, live updates, theme, sign out. */
export function HeaderBar(props: {
  status: Status | undefined;
  live: LiveMode;
  theme: { choice: ThemeChoice; cycle: () => void };
  csrfToken: string | null;
}) {
  const queryClient = useQueryClient();
  const { status } = props;
  const signOut = async () => {
    if (!props.csrfToken) return;
    await answer(client.api.session.$delete({}, actionHeaders(props.csrfToken))).catch(() => null);
    await queryClient.invalidateQueries();
  };
  return (
    <header className="top-bar">
      <div className="brand">
        <h1>Dalio Lite</h1>
        {status ? (
          <span
            className={`badge ${status.mode === 'live' ? 'badge-live' : 'badge-paper'}`}
            data-testid="mode-badge"
            title={`Trading ${status.broker.label}`}
          >
            {status.mode === 'live' ? 'LIVE — real money' : 'PAPER'}
          </span>
        ) : null}
        {status?.halt ? (
          <span className="badge badge-halted" data-testid="halted-badge">
            HALTED
          </span>
        ) : null}
      </div>
      <div className="top-tools">
        <span className={`live live-${props.live}`} role="status" aria-live="polite">
          {LIVE_LABEL[props.live]}
        </span>
        <button
          type="button"
          onClick={props.theme.cycle}
          aria-label={`${THEME_LABEL[props.theme.choice]} (switch)`}
        >
          {THEME_LABEL[props.theme.choice]}
        </button>
        {props.csrfToken ? (
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        ) : null}
      </div>
    </header>
  );
}
