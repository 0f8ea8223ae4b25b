import { ModelLoaderFacts } from '../../types';
import { dirName, FileTree, joinPath } from '../paths';

/**
 * Libraries that fetch their own released weights when given the bare
 * file name of one that is not on disk: Ultralytics' `YOLO("yolov8n.pt")`
 * downloads the release asset into the working folder on first use.
 * The names are those of the library's releases (YOLO, RT-DETR, SAM,
 * FastSAM); bounded, so the match stays linear.
 */
const RELEASE_ASSETS: ReadonlyArray<{ call: RegExp; name: RegExp }> = [
  {
    call: /^ultralytics\./,
    name: /^(?:yolo|rtdetr|sam|mobile_sam|fastsam)[\w.-]{0,60}\.pt$/i,
  },
];

/**
 * Marks loads of a library's bare release name as downloads at start
 * when no file of that name is in the tree (next to the loading module or
 * at the root, where the code is run from): the library fetches it when
 * the server first loads it. A file that is there is read from where it
 * is (in the image when a COPY brings it).
 */
export function releaseAssetLoads(
  loaders: ModelLoaderFacts[],
  tree: FileTree,
): void {
  for (const loader of loaders) {
    const target = loader.target?.trim();
    if (loader.downloads || !target || target.includes('/')) continue;
    if (
      !RELEASE_ASSETS.some(
        asset => asset.call.test(loader.call) && asset.name.test(target),
      )
    )
      continue;
    const places = [joinPath(dirName(loader.path), target), target];
    if (places.some(place => place !== undefined && tree.exists(place)))
      continue;
    loader.downloads = true;
  }
}
