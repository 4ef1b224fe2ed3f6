import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { LOGIN_FRAGMENT_KEY } from '../../shared/protocol.ts';
import { answer, client } from '../api-client.ts';

/** The code of a one-time login link (`/#login=CODE`), removed from the address bar at once. */
function takeLoginCode(): string | null {
  const code = new URLSearchParams(window.location.hash.slice(1)).get(LOGIN_FRAGMENT_KEY);
  if (code !== null) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return code;
}

/** Sign in with the login link's code, or with the token typed in; the server sets the session cookie. */
export function SignIn(props: { compact?: boolean }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const linkTried = useRef(false);

  const signIn = useCallback(
    async (body: { token: string } | { code: string }) => {
      setBusy(true);
      setError(null);
      try {
        await answer(client.api.session.$post({ json: body }));
        await queryClient.invalidateQueries();
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setBusy(false);
      }
    },
    [queryClient],
  );

  useEffect(() => {
    // Once: the code is spent by its first use.
    if (linkTried.current) return;
    linkTried.current = true;
    const code = takeLoginCode();
    if (code) void signIn({ code });
  }, [signIn]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void signIn({ token: token.trim() });
  };

  return (
    <form
      className={props.compact ? 'sign-in compact' : 'sign-in'}
      onSubmit={submit}
      aria-labelledby="sign-in-title"
    >
      <h2 id="sign-in-title">{props.compact ? 'Sign in to act' : 'Sign in to Dalio Lite'}</h2>
      {props.compact ? null : (
        <p>
          Open the login link that <code>dalio dashboard</code> printed when it started, or paste the
          dashboard token (from <code>DALIO_DASHBOARD_TOKEN</code>, <code>dashboard.tokenFile</code>, or the
          generated <code>dashboard-token</code> file in the state directory).
        </p>
      )}
      <label htmlFor="token-input">Dashboard token</label>
      <div className="row">
        <input
          id="token-input"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          required
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
