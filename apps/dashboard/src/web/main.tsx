import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api-client.ts';
import { App } from './app.tsx';
import './styles.css';
import { applyStoredTheme } from './theme.ts';

applyStoredTheme();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Answers are fresh until the server says something changed (or the polling fallback refetches).
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      // A 4xx will not get better by asking again; a dropped connection might.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
