import { BackendBadge } from './components/BackendBadge';
import { RecipePrompt } from './components/RecipePrompt';
import { SessionPanel } from './components/SessionPanel';
import { UpdateBanner } from './components/UpdateBanner';
import { ModelLibrary } from './components/ModelLibrary';
import { TrainingPanel } from './components/TrainingPanel';
import { ComparePanel } from './components/ComparePanel';
import { Gallery } from './components/Gallery';
import { Notices } from './components/Notices';
import { OutputViewer } from './components/OutputViewer';
import { ResultsGallery } from './components/ResultsGallery';
import { ScaleStrip } from './components/ScaleStrip';
import { SifidPanel } from './components/SifidPanel';
import { SourcePanel } from './components/SourcePanel';
import { StatusBar } from './components/StatusBar';
import { TaskCanvas, taskHasCanvas } from './components/TaskCanvas';
import { RunBar, TaskPanel } from './components/TaskPanel';
import { useStudio } from './store';
import { useImageInput } from './useImageInput';
import { useLeaveGuard } from './useLeaveGuard';

export function App() {
  const dragging = useImageInput();
  useLeaveGuard();
  // The place beside the output goes to the task's editor where it has one, else to a training's live view.
  const canvasBeside = useStudio((s) => Boolean(s.source) && taskHasCanvas(s.task));
  return (
    <div className={`studio ${dragging ? 'studio-dragging' : ''}`}>
      {/* The output column comes after ~20 controls of the side column: the first Tab stop jumps there (to "Try it" first). */}
      <a className="skip-link" href="#work" data-testid="skip-to-output">
        Skip to the output
      </a>
      <header className="top-bar">
        <h1>Single-Image Studio</h1>
        <Gallery />
        <BackendBadge />
        <UpdateBanner />
      </header>
      <aside className="side" aria-label="Source, task and models">
        <SourcePanel />
        <TaskPanel />
        <RunBar />
        <ModelLibrary />
        <SessionPanel />
      </aside>
      {/* Focusable so the keyboard can scroll it even where it holds no control (the region mover is drag-only). */}
      <main className="work" id="work" tabIndex={0} aria-label="Output and results">
        <div className="stage" data-testid="stage">
          {canvasBeside ? <TaskCanvas /> : <TrainingPanel />}
          <OutputViewer />
        </div>
        {canvasBeside && <TrainingPanel />}
        <ScaleStrip />
        <SifidPanel />
        <ResultsGallery />
        <ComparePanel />
      </main>
      <StatusBar />
      <RecipePrompt />
      <Notices />
      {dragging && <div className="drop-overlay">Drop the image to open it</div>}
    </div>
  );
}
