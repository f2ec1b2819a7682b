/** The YouTube video id of a link the server accepts, or "". */
export function youtubeId(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return '';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return '';
  const host = u.hostname.toLowerCase();
  const parts = u.pathname.split('/').filter(Boolean);
  let id = '';
  if (['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com'].includes(host)) {
    if (parts.length === 1 && parts[0] === 'watch') id = u.searchParams.get('v') ?? '';
    else if (parts.length === 2 && ['shorts', 'embed', 'live'].includes(parts[0])) id = parts[1];
  } else if (host === 'youtu.be' && parts.length === 1) id = parts[0];
  return /^[A-Za-z0-9_-]{11}$/.test(id) ? id : '';
}

/** The thumbnail the server derives for a YouTube link, "" for anything else. */
export function videoThumbnail(raw: string): string {
  const id = youtubeId(raw);
  return id ? `https://i.ytimg.com/vi/${id}/hqdefault.jpg` : '';
}
