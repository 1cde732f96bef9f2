import { DefaultArtifactClient } from '@actions/artifact';
import { ActionError, rootCauseMessage } from '../errors.js';

/** Uploads files as one workflow artifact. @actions/artifact in the action; a fake never needed. */
export interface ArtifactUploader {
  upload(
    name: string,
    files: readonly string[],
    rootDirectory: string,
  ): Promise<{ id: number; size: number }>;
}

export function actionsArtifactUploader(): ArtifactUploader {
  return {
    async upload(name, files, rootDirectory) {
      try {
        const response = await new DefaultArtifactClient().uploadArtifact(
          name,
          [...files],
          rootDirectory,
        );
        if (response.id === undefined)
          throw new Error('the artifact service returned no artifact id');
        return { id: response.id, size: response.size ?? 0 };
      } catch (err) {
        const message = rootCauseMessage(err);
        throw new ActionError(
          'ARTIFACT_FAILED',
          /already exists|conflict|409/i.test(message)
            ? `an artifact named "${name}" already exists in this workflow run; set upload-signing-artifacts-name to a name unique to this step (e.g. include the matrix values).`
            : `uploading the artifact "${name}" failed: ${message}`,
          { cause: err },
        );
      }
    },
  };
}
