import { useEffect, useRef, useState } from 'react';
import { useDebounced } from './useDebounced';

/**
 * Text typed into an input that commits to `value` (e.g. the URL) once typing
 * pauses, and follows `value` when it changes from elsewhere (back button, a link).
 */
export function useDebouncedInput(value: string, onCommit: (v: string) => void, delayMs = 300): [string, (v: string) => void] {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, delayMs);
  const committed = useRef(value);
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });

  useEffect(() => {
    if (debounced !== committed.current) {
      committed.current = debounced;
      commit.current(debounced);
    }
  }, [debounced]);

  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);

  return [text, setText];
}
