import { isPlannerError } from '../domain/errors.ts';
import { acceptCatalog, loadCurrentCatalog, readProposal } from '../learning/catalog-store.ts';
import { parseCalibrateButtonValue, renderCatalogAccepted } from './blocks/learning-blocks.ts';
import type { ApproveClick, ApproveDeps } from './approve-click.ts';
import type { SlackMessage } from './blocks/block-kit.ts';
import { escapeMrkdwn } from './blocks/format.ts';
import { renderFailure, renderNote } from './blocks/messages.ts';
import { describeFailure } from '../domain/errors.ts';

/** What answers an Accept click: a replacement of the proposal message, or a note for the clicker only. */
export type CatalogClickAnswer = { replace: SlackMessage } | { note: SlackMessage };

async function accept(deps: ApproveDeps, click: ApproveClick): Promise<CatalogClickAnswer> {
  const { version } = parseCalibrateButtonValue(click.actions[0].value ?? '');
  let proposal;
  try {
    proposal = await readProposal(deps.store, version);
  } catch (error) {
    if (isPlannerError(error) && error.code === 'NOT_FOUND')
      return {
        note: renderNote(
          `:no_entry: No proposal ${escapeMrkdwn(version)} is stored; run \`/retention calibrate\` again.`,
        ),
      };
    throw error;
  }
  const current = await loadCurrentCatalog(deps.store);
  if (current.version !== proposal.based_on && current.version !== proposal.version) {
    return {
      note: renderNote(
        `:no_entry: Catalog ${escapeMrkdwn(version)} was proposed from ${escapeMrkdwn(proposal.based_on)}, but the current catalog is now ${escapeMrkdwn(current.version)}. Nothing changed; run \`/retention calibrate\` again.`,
      ),
    };
  }
  const { won, record } = await acceptCatalog(deps.store, proposal, click.user.id, deps.clock());
  deps.logger.info(won ? 'catalog accepted' : 'catalog already accepted', { version, user: click.user.id });
  const message = renderCatalogAccepted(record, won);
  return won ? { replace: message } : { note: message };
}

/**
 * A click on "Accept catalog <version>", on the acknowledgement path. Only approvers may
 * accept; the proposal is read back from `catalogs/proposals/<version>.json` and written as
 * `catalogs/<version>.json` once (a second click hears who accepted it first). A proposal
 * made from a catalog that is no longer current is refused. Plans from then on use it.
 */
export async function handleCatalogClick(deps: ApproveDeps, click: ApproveClick): Promise<CatalogClickAnswer> {
  if (!deps.approvers.includes(click.user.id))
    return { note: renderNote(':no_entry: Only the configured approvers can accept a catalog. Nothing changed.') };
  try {
    return await accept(deps, click);
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.error('catalog acceptance failed', { code: failure.code, error: String(error) });
    return { note: renderFailure(failure.code, failure.message, { what: 'Accepting the catalog' }) };
  }
}
