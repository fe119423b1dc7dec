import { dismissRecipe, restoreRecipe } from '../recipeActions';
import { useStudio } from '../store';

/** A dropped studio export: restore how it was made, or just open it as an image. */
export function RecipePrompt() {
  const offer = useStudio((s) => s.recipeOffer);
  if (!offer) return null;
  const r = offer.recipe;
  const what = r ? `${r.job.kind}${r.job.kind === 'gpnn' ? ` ${r.job.task.kind}` : ''}${r.seed !== null ? `, seed ${r.seed}` : ''} (studio ${r.studio})` : '';
  return (
    <div className="recipe-prompt" role="dialog" aria-label="Recipe" data-testid="recipe-prompt">
      {r ? (
        <p>
          “{offer.fileName}” carries its recipe: {what}. Restoring sets the task and its parameters, and makes the image again when its source
          {r.sources.length === 1 ? ' is' : 's are'} in this session.
        </p>
      ) : (
        <p className="field-error" data-testid="recipe-error">
          “{offer.fileName}”: {offer.error}
        </p>
      )}
      <div className="recipe-actions">
        {r && (
          <button type="button" className="primary" onClick={() => void restoreRecipe()} data-testid="recipe-restore">
            Restore recipe
          </button>
        )}
        <button type="button" onClick={() => dismissRecipe(true)} data-testid="recipe-open-image">
          Open as image
        </button>
        <button type="button" onClick={() => dismissRecipe(false)} data-testid="recipe-dismiss">
          Dismiss
        </button>
      </div>
    </div>
  );
}
