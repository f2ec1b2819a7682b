import { useState } from 'react';
import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Menu, X } from 'lucide-react';
import { Button } from '../components/Button';
import { Header } from './Header';
import { NavList } from './NavList';

function Brand() {
  return <span className="text-lg font-bold tracking-tight text-teal-800">PRIMA</span>;
}

export function AppLayout() {
  const { t } = useTranslation();
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <div className="min-h-screen sm:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
        {t('layout.skipToContent')}
      </a>

      {/* Phone width: a top bar with a menu button that opens a drawer. */}
      <div className="flex items-center justify-between border-b border-slate-200 bg-white px-3 py-2 sm:hidden">
        <Brand />
        <Button variant="ghost" aria-expanded={drawerOpen} aria-controls="nav-drawer" onClick={() => setDrawerOpen(true)}>
          <Menu aria-hidden="true" className="size-5" />
          {t('layout.menu')}
        </Button>
      </div>
      {drawerOpen && (
        <div className="fixed inset-0 z-40 sm:hidden">
          <div className="absolute inset-0 bg-slate-900/40" onClick={() => setDrawerOpen(false)} aria-hidden="true" />
          <nav id="nav-drawer" aria-label={t('layout.navigation')} className="absolute inset-y-0 left-0 w-72 max-w-[85%] overflow-y-auto bg-white p-3 shadow-xl">
            <div className="mb-3 flex items-center justify-between">
              <Brand />
              <Button variant="ghost" onClick={() => setDrawerOpen(false)}>
                <X aria-hidden="true" className="size-5" />
                {t('layout.closeMenu')}
              </Button>
            </div>
            <NavList onNavigate={() => setDrawerOpen(false)} />
          </nav>
        </div>
      )}

      {/* Wider screens: a fixed sidebar. */}
      <nav aria-label={t('layout.navigation')} className="hidden w-60 shrink-0 border-r border-slate-200 bg-white p-3 sm:block">
        <div className="mb-4 px-3 py-1">
          <Brand />
        </div>
        <NavList />
      </nav>

      <div className="flex min-w-0 flex-1 flex-col">
        <Header />
        <main id="main" className="flex-1 p-4 sm:p-6">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
