import { readFileSync } from "node:fs";

/**
 * The seed document is a blog post: the EC600S session sits in its <pre><code> blocks with
 * HTML escapes. This recovers the session text, block by block, in document order.
 */
export function seedBlocks(seedFile: string): string[] {
  const html = readFileSync(seedFile, "utf8");
  const blocks: string[] = [];
  const re = /<pre><code>([\s\S]*?)<\/code><\/pre>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) blocks.push(unescapeHtml(m[1]));
  return blocks;
}

function unescapeHtml(text: string): string {
  return text.replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}
