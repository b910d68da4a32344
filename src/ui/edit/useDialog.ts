import { useEffect, useRef } from 'react';

/**
 * A `<dialog>` that behaves as DESIGN 2.4 asks: it opens with focus inside it (its first field), Escape
 * closes it, and focus returns to the control that opened it. A modal one also keeps the page behind
 * it inert; a non-modal one (the draw dialog, which needs the graph while open) leaves it usable.
 */
export function useDialog(onClose: () => void, modal: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (modal) dialog.showModal();
    else dialog.show();
    const first = dialog.querySelector<HTMLElement>('select, input, textarea, button:not([disabled])');
    (first ?? dialog).focus();
    // A modal dialog gets Escape as "cancel"; the close is ours, so React unmounts it.
    const cancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    // A non-modal one hears Escape anywhere on the page but in the editor (where Escape closes
    // Monaco's own widgets), so that after drawing on the graph Escape still closes it.
    const key = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (!dialog.contains(e.target as Node) && (e.target as Element | null)?.closest?.('.monaco-editor'))
        return;
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', cancel);
    if (!modal) window.addEventListener('keydown', key);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      window.removeEventListener('keydown', key);
      if (dialog.open) dialog.close();
      if (opener && opener.isConnected) opener.focus();
    };
  }, [modal]);
  return ref;
}
