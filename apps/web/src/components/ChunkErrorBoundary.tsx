import { Component, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { chunkRecovery, isChunkLoadError } from '../chunk-recovery.js';

/** Said when a part of the app could not be loaded even after the one reload (chunk-recovery.ts). */
export function UpdateFailed({ inline = false }: { inline?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={inline ? 'error-banner' : 'centered'} role="alert" data-testid="update-failed">
      <p>{t('app.updateFailed')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

/** Whether this page gave up recovering from a missing chunk (a locale, say, with the app still shown). */
function useGaveUp(): boolean {
  return useSyncExternalStore(
    (listener) => chunkRecovery.subscribe(listener),
    () => chunkRecovery.outcome === 'give-up',
  );
}

function GaveUpNotice() {
  return useGaveUp() ? <UpdateFailed inline /> : null;
}

type State = { failed: false } | { failed: true; chunk: boolean; error: unknown };

/**
 * Around the whole app: a lazy view whose chunk cannot be loaded (React.lazy throws) would
 * otherwise unmount everything and leave a blank page. A missing chunk reloads the page once;
 * while it reloads the page says it is loading, and if it was given up, why, with a button.
 * Other errors are not this boundary's: they go on as before.
 */
export class ChunkErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(error: unknown): State {
    // A lazy import held back by a reload (vite:preloadError) resolves to nothing: its view then
    // fails with a TypeError, part of the same missing chunk.
    const chunk = isChunkLoadError(error) || chunkRecovery.outcome !== null;
    if (chunk) chunkRecovery.missingChunk();
    return { failed: true, chunk, error };
  }

  override render(): ReactNode {
    if (!this.state.failed)
      return (
        <>
          <GaveUpNotice />
          {this.props.children}
        </>
      );
    if (!this.state.chunk) throw this.state.error;
    return chunkRecovery.outcome === 'reload' ? <Reloading /> : <UpdateFailed />;
  }
}

function Reloading() {
  const { t } = useTranslation();
  return <p className="centered">{t('app.loading')}</p>;
}
