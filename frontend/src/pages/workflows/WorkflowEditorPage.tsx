import { useLocation, useParams } from 'react-router';
import { ErrorState, LoadingState } from '../../components/States';
import { useWorkflow } from './api';
import { BackToWorkflows } from './EditorHeader';
import type { Notice } from './useEditorActions';
import { WorkflowEditor } from './WorkflowEditor';

export function WorkflowNewPage() {
  return <WorkflowEditor />;
}

export function WorkflowEditPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const workflow = useWorkflow(id);
  const notice = ((location.state as { notice?: Notice } | null)?.notice ?? '') as Notice;
  if (workflow.isPending) return <LoadingState />;
  if (workflow.isError)
    return (
      <>
        <BackToWorkflows />
        <ErrorState error={workflow.error} onRetry={() => void workflow.refetch()} />
      </>
    );
  return <WorkflowEditor key={id} workflow={workflow.data} initialNotice={notice} onReload={async () => (await workflow.refetch()).data} />;
}
