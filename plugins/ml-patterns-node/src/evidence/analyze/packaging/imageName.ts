/**
 * The image name of a reference, without registry default, tag or
 * digest: `docker.io/library/acme:1` → `acme`, `reg:5000/a/b:2` →
 * `reg:5000/a/b`. Undefined when it still holds an unresolved variable
 * or is a placeholder.
 */
export function imageName(reference: string): string | undefined {
  let name = reference.trim();
  if (name === '' || /[${}\s]/.test(name)) return undefined;
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  name = name
    .toLowerCase()
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
  // A placeholder (`<registry>/<image>`, `[IMAGE_NAME]`) names no image.
  return /^[a-z0-9][a-z0-9._/:-]*$/.test(name) ? name : undefined;
}
