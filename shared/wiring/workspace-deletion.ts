import { WorkspaceDeletion } from '../services/workspaces/workspace-deletion';
import { workspaceService } from './auth';
import { billingClosure } from './billing';

let deletion: WorkspaceDeletion | undefined;

export function workspaceDeletion(): WorkspaceDeletion {
  deletion ??= new WorkspaceDeletion(billingClosure(), workspaceService());
  return deletion;
}
