import { useEffect, useState, type DependencyList } from 'react';
import { errorMessage } from '../client';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Loads what a screen shows and loads it again when `deps` change. The previous
 * data stays on screen while the next arrives, so nothing flickers; an answer
 * that arrives after newer deps is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState((s) => ({ data: s.data, error: errorMessage(e), loading: false })),
    );
    return () => {
      live = false;
    };
  }, deps);
  return state;
}
