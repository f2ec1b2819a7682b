import type { ReactNode } from 'react';
import { LanguageSwitch } from '../layout/LanguageSwitch';

/** A page outside the main layout: sign-in, waiting for approval, refused. */
export function CenteredPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <div className="flex justify-end p-3">
        <LanguageSwitch />
      </div>
      <main className="flex flex-1 items-start justify-center px-4 pt-8 sm:pt-16">
        <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <p className="text-sm font-semibold tracking-wide text-teal-700">PRIMA</p>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
          <div className="mt-4 text-sm text-slate-700">{children}</div>
        </div>
      </main>
    </div>
  );
}
