import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { useMe } from './auth/MeContext';
import { LoadingState } from './components/States';
import { AppLayout } from './layout/AppLayout';
import { PLANNED_PATHS } from './layout/nav';
import { ApiKeyNewPage } from './pages/apikeys/ApiKeyNewPage';
import { ApiKeysListPage } from './pages/apikeys/ApiKeysListPage';
import { AppointmentEditPage, AppointmentNewPage } from './pages/appointments/AppointmentFormPage';
import { AppointmentsListPage } from './pages/appointments/AppointmentsListPage';
import { AuditLogPage } from './pages/audit/AuditLogPage';
import { CampaignDetailPage } from './pages/campaigns/CampaignDetailPage';
import { CampaignEditPage, CampaignNewPage } from './pages/campaigns/CampaignNewPage';
import { CampaignsListPage } from './pages/campaigns/CampaignsListPage';
import { ArticleEditPage, ArticleNewPage } from './pages/content/ArticleEditorPage';
import { ContentPage } from './pages/content/ContentPage';
import { VideoEditPage, VideoNewPage } from './pages/content/VideoEditorPage';
import { ConversationsPage } from './pages/conversations/ConversationsPage';
import { SubscriptionDetailPage } from './pages/eventsubs/SubscriptionDetailPage';
import { SubscriptionNewPage } from './pages/eventsubs/SubscriptionNewPage';
import { SubscriptionsListPage } from './pages/eventsubs/SubscriptionsListPage';
import { DashboardPage } from './pages/DashboardPage';
import { NotAvailablePage, NotFoundPage } from './pages/NotAvailablePage';
import { PatientDetailPage } from './pages/patients/PatientDetailPage';
import { PatientEditPage, PatientNewPage } from './pages/patients/PatientFormPage';
import { PatientImportPage } from './pages/patients/PatientImportPage';
import { PatientsListPage } from './pages/patients/PatientsListPage';
import { MessagesPage } from './pages/messages/MessagesPage';
import { ReminderDetailPage } from './pages/reminders/ReminderDetailPage';
import { ReminderEditPage, ReminderNewPage } from './pages/reminders/ReminderFormPage';
import { RemindersListPage } from './pages/reminders/RemindersListPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { TemplateEditPage, TemplateNewPage } from './pages/templates/TemplateEditorPage';
import { TemplatesListPage } from './pages/templates/TemplatesListPage';
import { UsersPage } from './pages/users/UsersPage';
import { ExecutionDetailPage } from './pages/workflows/ExecutionDetailPage';
import { ExecutionsListPage } from './pages/workflows/ExecutionsListPage';
import { WorkflowsListPage } from './pages/workflows/WorkflowsListPage';
import { WebhookDetailPage } from './pages/webhooks/WebhookDetailPage';
import { WebhookNewPage } from './pages/webhooks/WebhookNewPage';
import { WebhooksListPage } from './pages/webhooks/WebhooksListPage';

// The workflow editor brings the diagram library and its styles: loaded when first opened.
const WorkflowEditPage = lazy(() => import('./pages/workflows/WorkflowEditorPage').then((m) => ({ default: m.WorkflowEditPage })));
const WorkflowNewPage = lazy(() => import('./pages/workflows/WorkflowEditorPage').then((m) => ({ default: m.WorkflowNewPage })));

function Later({ children }: { children: ReactNode }) {
  return <Suspense fallback={<LoadingState />}>{children}</Suspense>;
}

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
        <Route path="reminders" element={<RemindersListPage />} />
        <Route path="reminders/new" element={<ReminderNewPage />} />
        <Route path="reminders/:id" element={<ReminderDetailPage />} />
        <Route path="reminders/:id/edit" element={<ReminderEditPage />} />
        <Route path="appointments" element={<AppointmentsListPage />} />
        <Route path="appointments/new" element={<AppointmentNewPage />} />
        <Route path="appointments/:id/edit" element={<AppointmentEditPage />} />
        <Route path="templates" element={<TemplatesListPage />} />
        <Route path="templates/new" element={<AdminOnly><TemplateNewPage /></AdminOnly>} />
        <Route path="templates/:id" element={<TemplateEditPage />} />
        <Route path="conversations/:patientId?" element={<ConversationsPage />} />
        <Route path="content" element={<ContentPage />} />
        <Route path="content/articles/new" element={<AdminOnly><ArticleNewPage /></AdminOnly>} />
        <Route path="content/articles/:id" element={<ArticleEditPage />} />
        <Route path="content/videos/new" element={<AdminOnly><VideoNewPage /></AdminOnly>} />
        <Route path="content/videos/:id" element={<VideoEditPage />} />
        <Route path="workflows" element={<WorkflowsListPage />} />
        <Route path="workflows/new" element={<AdminOnly><Later><WorkflowNewPage /></Later></AdminOnly>} />
        <Route path="workflows/:id" element={<Later><WorkflowEditPage /></Later>} />
        <Route path="workflows/:id/executions" element={<ExecutionsListPage />} />
        <Route path="workflow-executions" element={<ExecutionsListPage />} />
        <Route path="workflow-executions/:id" element={<ExecutionDetailPage />} />
        <Route path="campaigns" element={<CampaignsListPage />} />
        <Route path="campaigns/new" element={<AdminOnly><CampaignNewPage /></AdminOnly>} />
        <Route path="campaigns/:id" element={<CampaignDetailPage />} />
        <Route path="campaigns/:id/edit" element={<AdminOnly><CampaignEditPage /></AdminOnly>} />
        <Route path="messages" element={<MessagesPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="users" element={<AdminOnly><UsersPage /></AdminOnly>} />
        <Route path="audit-log" element={<AdminOnly><AuditLogPage /></AdminOnly>} />
        <Route path="webhooks" element={<WebhooksListPage />} />
        <Route path="webhooks/new" element={<WebhookNewPage />} />
        <Route path="webhooks/:id" element={<WebhookDetailPage />} />
        <Route path="event-subscriptions" element={<SubscriptionsListPage />} />
        <Route path="event-subscriptions/new" element={<SubscriptionNewPage />} />
        <Route path="event-subscriptions/:id" element={<SubscriptionDetailPage />} />
        <Route path="api-keys" element={<ApiKeysListPage />} />
        <Route path="api-keys/new" element={<ApiKeyNewPage />} />
        {PLANNED_PATHS.map((p) => (
          <Route key={p} path={p.slice(1)} element={<NotAvailablePage />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
