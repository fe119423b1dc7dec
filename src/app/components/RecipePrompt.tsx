import { kindOf } from '../../jobs/jobKinds';
import type { Recipe } from '../../jobs/recipe';
import { dismissRecipe, restoreRecipe } from '../recipeActions';
import { useStudio } from '../store';

/** The part of the job's result the file holds, in the viewer's words (frames counted from 1, levels as the Scales strip labels them). */
function partOf(r: Recipe): string {
  const output = r.output === undefined ? '' : `, ${kindOf(r.job).playback ? 'frame' : 'output'} ${r.output + 1}`;
  const level = r.level === undefined ? '' : `, level ${r.level}`;
  return output + level;
}

/** A dropped studio export: restore how it was made, or just open it as an image. */
export function RecipePrompt() {
  const offer = useStudio((s) => s.recipeOffer);
  if (!offer) return null;
  const r = offer.recipe;
  const what = r
    ? `${kindOf(r.job).fileWords(r.job).replace(/-/g, ' ')}${r.seed !== null ? `, seed ${r.seed}` : ''}${partOf(r)} (studio ${r.studio})`
    : '';
  return (
    <div className="recipe-prompt" role="dialog" aria-label="Recipe" data-testid="recipe-prompt">
      {r ? (
        <p>
          “{offer.fileName}” carries its recipe: {what}. Restoring sets the task and its parameters, and makes the image
          again when its source
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
