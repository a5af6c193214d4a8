// F1 or ?: a short help and the keyboard shortcuts (issue 12).
import { Dialog } from './Dialog';

interface Props {
  /** The desktop app has a menu with its own shortcuts. */
  desktop: boolean;
  onClose: () => void;
}

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export function HelpDialog({ desktop, onClose }: Props) {
  const keys: [string, string][] = [
    ['F1 or ?', 'This help'],
    ['Tab, Shift+Tab', 'Move between controls; the first Tab offers “Skip to content”'],
    ['↑ ↓, Page Up/Down, Home, End', 'Move in the month’s license table'],
    ['Enter or Space', 'Open the license of the focused row'],
    ['Esc', 'Close a dialog; leave a license for its month (the browser’s Back does too)'],
  ];
  if (desktop) {
    keys.push([`${mod}+O`, 'Import files…'], [`${mod}+E`, 'Export the invoice…'], [`${mod}+,`, 'Settings']);
  }
  return (
    <Dialog
      title="Help"
      className="help-dialog"
      onClose={onClose}
      actions={<button type="button" className="btn btn-primary" data-initial-focus onClick={onClose}>Close</button>}
    >
      <p>
        <strong>A month&rsquo;s bill</strong>: import the usage exports (Imports, or drop files on the window), check the Month
        screen (&ldquo;Is the month complete?&rdquo;, the flags), compare the vendor&rsquo;s invoice (Review), then close the month and export
        or print its invoice. Each license is billed at its daily count after dropping its highest days.
      </p>
      <table className="data-table compact help-keys" data-testid="help-keys">
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <thead>
          <tr><th scope="col">Keys</th><th scope="col">Does</th></tr>
        </thead>
        <tbody>
          {keys.map(([k, what]) => (
            <tr key={k}><td><kbd>{k}</kbd></td><td>{what}</td></tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
