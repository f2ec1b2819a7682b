// After a refused submit, the first thing to fix is brought into view and
// focused, so that something visible happens on a phone too, where the field
// or the banner is usually off-screen when the submit button is pressed.
import { useCallback, useEffect, useRef, useState } from 'react';

const FOCUSABLE = 'input, select, textarea, button, a[href], output, [tabindex]';

/**
 * Scrolls the first invalid control inside root (aria-invalid="true", in
 * document order) to the middle of the screen and focuses it; with none, the
 * first alert (the form's error or conflict banner). Returns whether there was
 * anything to show.
 */
export function revealFirstError(root: HTMLElement | null): boolean {
  if (!root) return false;
  const target = root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>('[role="alert"]');
  if (!target) return false;
  for (let el = target.parentElement; el && el !== root.parentElement; el = el.parentElement) {
    if (el instanceof HTMLDetailsElement) el.open = true;
  }
  if (!target.matches(FOCUSABLE)) target.setAttribute('tabindex', '-1');
  target.scrollIntoView?.({ block: 'center', inline: 'nearest' });
  target.focus({ preventScroll: true });
  return true;
}

/**
 * The shared handling of a refused submit: attach ref to the form, and call
 * reveal() where the form records its errors; once they are rendered, the
 * first one is revealed (see revealFirstError).
 */
export function useRevealErrors<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [pending, setPending] = useState(0);
  useEffect(() => {
    if (pending > 0) revealFirstError(ref.current);
  }, [pending]);
  const reveal = useCallback(() => setPending((n) => n + 1), []);
  return { ref, reveal };
}
