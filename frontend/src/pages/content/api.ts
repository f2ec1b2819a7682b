import { useQuery } from '@tanstack/react-query';
import { api, authFetch, unwrap } from '../../api/client';
import type { ArticleListQuery, UploadResult, VideoListQuery } from '../../api/types';

export const contentKeys = {
  articles: ['articles'] as const,
  articleList: (q: ArticleListQuery) => ['articles', 'list', q] as const,
  article: (id: string) => ['articles', 'one', id] as const,
  videos: ['videos'] as const,
  videoList: (q: VideoListQuery) => ['videos', 'list', q] as const,
  video: (id: string) => ['videos', 'one', id] as const,
};

export function useArticles(q: ArticleListQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: contentKeys.articleList(q),
    enabled,
    queryFn: () => unwrap(api.GET('/articles', { params: { query: q } })),
    placeholderData: (prev) => prev,
  });
}

export function useArticle(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: contentKeys.article(id),
    enabled: enabled && Boolean(id),
    queryFn: () => unwrap(api.GET('/articles/{id}', { params: { path: { id } } })),
  });
}

export function useVideos(q: VideoListQuery) {
  return useQuery({
    queryKey: contentKeys.videoList(q),
    queryFn: () => unwrap(api.GET('/videos', { params: { query: q } })),
    placeholderData: (prev) => prev,
  });
}

export function useVideo(id: string) {
  return useQuery({
    queryKey: contentKeys.video(id),
    enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/videos/{id}', { params: { path: { id } } })),
  });
}

/** Uploads an image (multipart field "file"); the server sniffs its type. */
export async function uploadImage(file: File): Promise<UploadResult> {
  const form = new FormData();
  form.append('file', file);
  const res = await authFetch('/uploads', { method: 'POST', body: form });
  return (await res.json()) as UploadResult;
}
