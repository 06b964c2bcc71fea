// Markdown and JSON downloads of a report, built in the page (Blob URLs): nothing goes over the network.
import { renderMarkdown } from '../../report/markdown.js';
import type { Report } from '../../report/schema.js';

function fileStem(report: Report): string {
  const slug = report.incident
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `incident-${slug || 'report'}`;
}

function downloadText(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Wires the [data-export] buttons under root to download this report. */
export function wireExports(root: ParentNode, report: Report): void {
  root.querySelectorAll<HTMLButtonElement>('button[data-export]').forEach((button) => {
    button.addEventListener('click', () => {
      if (button.dataset.export === 'markdown')
        downloadText(`${fileStem(report)}.md`, 'text/markdown', renderMarkdown(report));
      else downloadText(`${fileStem(report)}.json`, 'application/json', `${JSON.stringify(report, null, 2)}\n`);
    });
  });
}
