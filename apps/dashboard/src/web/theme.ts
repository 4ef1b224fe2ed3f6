import { useEffect, useState } from 'react';

/** The theme choice: follow the system, or a fixed light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'dalio-theme';
const NEXT: Readonly<Record<ThemeChoice, ThemeChoice>> = { system: 'light', light: 'dark', dark: 'system' };

function stored(): ThemeChoice {
  const value = window.localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Put the stored choice on `<html data-theme>` (the CSS follows the system when there is none). */
export function applyStoredTheme(): void {
  apply(stored());
}

function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

/** The theme switch's state: the choice, the next one, and a counter that changes whenever the look does. */
export function useTheme(): { choice: ThemeChoice; cycle: () => void; version: number } {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const changed = () => setVersion((v) => v + 1);
    media.addEventListener('change', changed);
    return () => media.removeEventListener('change', changed);
  }, []);
  return {
    choice,
    version,
    cycle() {
      const next = NEXT[choice];
      if (next === 'system') window.localStorage.removeItem(STORAGE_KEY);
      else window.localStorage.setItem(STORAGE_KEY, next);
      apply(next);
      setChoice(next);
      setVersion((v) => v + 1);
    },
  };
}
