import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { useMe } from './auth/MeContext';
import { AppLayout } from './layout/AppLayout';
import { PLANNED_PATHS } from './layout/nav';
import { AuditLogPage } from './pages/audit/AuditLogPage';
import { DashboardPage } from './pages/DashboardPage';
import { NotAvailablePage, NotFoundPage } from './pages/NotAvailablePage';
import { PatientDetailPage } from './pages/patients/PatientDetailPage';
import { PatientEditPage, PatientNewPage } from './pages/patients/PatientFormPage';
import { PatientImportPage } from './pages/patients/PatientImportPage';
import { PatientsListPage } from './pages/patients/PatientsListPage';
import { UsersPage } from './pages/users/UsersPage';

function AdminOnly({ children }: { children: ReactNode }) {
  return useMe().isAdmin ? children : <NotFoundPage />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<DashboardPage />} />
        <Route path="patients" element={<PatientsListPage />} />
        <Route path="patients/new" element={<PatientNewPage />} />
        <Route path="patients/import" element={<PatientImportPage />} />
        <Route path="patients/:id" element={<PatientDetailPage />} />
        <Route path="patients/:id/edit" element={<PatientEditPage />} />
        <Route path="users" element={<AdminOnly><UsersPage /></AdminOnly>} />
        <Route path="audit-log" element={<AdminOnly><AuditLogPage /></AdminOnly>} />
        {PLANNED_PATHS.map((p) => (
          <Route key={p} path={p.slice(1)} element={<NotAvailablePage />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
