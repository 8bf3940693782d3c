// Vue single-file components in the CLI's parser: `<script>` and `<script setup>` are one module scope (as in the
// compiled component and in vue-eslint-parser), positions are the file's own, and a block that does not parse does
// not cost the other one its analysis.
import { describe, expect, it } from 'vitest';
import { detectText, keysOf } from '../helpers/detect.js';

const TEMPLATE = '<template>\n  <view @click="go">{{ x }}</view>\n</template>\n';

describe('Vue <script> and <script setup>', () => {
  it('shares bindings between the blocks, in both directions', () => {
    const code = `${TEMPLATE}<script setup>\nconst go = () => read({})\n</script>\n<script>\nconst read = uni.getClipboardData\nexport default {}\n</script>\n`;
    expect(keysOf(detectText(code, 'Page.vue').detections)).toEqual(['clipboard 5:18']);
  });

  it('lets a declaration in one block shadow a platform global in the other', () => {
    const shadowed = `${TEMPLATE}<script>\nconst uni = { getClipboardData() {} }\nexport default {}\n</script>\n<script setup>\nuni.getClipboardData({})\n</script>\n`;
    expect(keysOf(detectText(shadowed, 'Page.vue').detections)).toEqual([]);
    // The same call with nothing declared is the platform's.
    const global = shadowed.replace('const uni = { getClipboardData() {} }', 'const other = 1');
    expect(keysOf(detectText(global, 'Page.vue').detections)).toEqual(['clipboard 9:1']);
  });

  it('reports columns on a block’s first line as the file has them', () => {
    const code = `${TEMPLATE}<script setup>uni.getClipboardData({})</script>\n<script>export default {}</script>\n`;
    expect(keysOf(detectText(code, 'Page.vue').detections)).toEqual(['clipboard 4:15']);
  });

  it('still analyses a block when the other does not parse, and reports the one that does not', () => {
    const code = `${TEMPLATE}<script>\nexport default {\n</script>\n<script setup>\nuni.getClipboardData({})\n</script>\n`;
    const result = detectText(code, 'Page.vue');
    expect(keysOf(result.detections)).toEqual(['clipboard 8:1']);
    expect(result.errors.map((error) => [(error as { kind?: string }).kind, error.line])).toEqual([['parse-error', 6]]);
  });

  it('reads each block in its own language when they differ', () => {
    // JSX in the plain block, a type annotation in the TypeScript one: no single flavour parses both.
    const code = `${TEMPLATE}<script>\nconst icon = <view />\nexport default {}\n</script>\n<script setup lang="ts">\nconst n: number = 1\nuni.getClipboardData({})\n</script>\n`;
    const result = detectText(code, 'Page.vue');
    expect(result.errors).toEqual([]);
    expect(keysOf(result.detections)).toEqual(['clipboard 10:1']);
  });
});
