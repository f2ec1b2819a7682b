import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('markdown preview', () => {
  it('renders the common syntax', () => {
    const html = renderMarkdown('# Judul\n\nMinum **obat** *pagi*.\n\n- satu\n- dua\n\n[situs](https://example.org) ![foto](/uploads/a.png)');
    expect(html).toContain('<h1>Judul</h1>');
    expect(html).toContain('<strong>obat</strong> <em>pagi</em>');
    expect(html).toContain('<ul><li>satu</li><li>dua</li></ul>');
    expect(html).toContain('<a href="https://example.org" rel="nofollow noopener" target="_blank">situs</a>');
    expect(html).toContain('<img src="/uploads/a.png" alt="foto">');
  });

  it('never produces markup from the text itself', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) ![y](data:image/png;base64,AAA)');
    expect(html).not.toMatch(/<script|<img src=x|href="javascript|src="data/);
    expect(html).toContain('&lt;script&gt;');
  });
});
