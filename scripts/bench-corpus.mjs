// Generates a large, realistic, deterministic corpus for the benchmark: mixed JS/TS/TSX/Vue/ETS across the
// platforms, a few percent of files with sensitive calls, some SDK imports. Same seed → same bytes.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENSITIVE = {
  wechat: ['wx.getClipboardData({ success: (res) => this.setData({ text: res.data }) })', "wx.getLocation({ type: 'gcj02', success: (res) => this.setData(res) })", 'wx.chooseImage({ count: 1 })'],
  uniapp: ['uni.getClipboardData({ success: (res) => (this.text = res.data) })', "uni.getLocation({ type: 'wgs84' })", 'const imei = plus.device.imei'],
  rn: ["const id = await DeviceInfo.getUniqueId()", 'const text = await Clipboard.getString()', 'Geolocation.getCurrentPosition((pos) => setPos(pos))'],
  web: ['const text = await navigator.clipboard.readText()', 'navigator.geolocation.getCurrentPosition(onPosition)'],
  harmony: ['const data = await pasteboard.getSystemPasteboard().getData()', 'const loc = await geoLocationManager.getCurrentLocation()'],
};

const IMPORTS = {
  rn: ["import DeviceInfo from 'react-native-device-info'", "import Clipboard from '@react-native-clipboard/clipboard'", "import Geolocation from '@react-native-community/geolocation'"],
  harmony: ["import { pasteboard } from '@kit.BasicServicesKit'", "import { geoLocationManager } from '@kit.LocationKit'"],
  sdk: ["import umeng from 'umeng-analytics'", "import * as Sentry from '@sentry/react-native'", "import jpush from 'jpush-react-native'"],
};

let counter = 0;
function identifier(random, prefix) {
  counter++;
  const words = ['user', 'order', 'item', 'list', 'cart', 'price', 'total', 'page', 'form', 'state', 'value', 'result', 'config', 'session', 'message', 'profile'];
  return prefix + words[Math.floor(random() * words.length)] + counter;
}

/** A plain function body of about n lines: the bulk of real code, none of it sensitive. */
function body(random, n, indent = '  ') {
  const lines = [];
  for (let i = 0; i < n; i++) {
    const a = identifier(random, 'v');
    const b = identifier(random, 'w');
    switch (Math.floor(random() * 8)) {
      case 0: lines.push(`${indent}const ${a} = ${b}?.map((x) => x.id).filter(Boolean) ?? []`); break;
      case 1: lines.push(`${indent}if (${b} && ${b}.length > ${i}) { total += ${b}.length }`); break;
      case 2: lines.push(`${indent}// Recompute ${a} when ${b} changes; keep the previous value otherwise`); break;
      case 3: lines.push(`${indent}const ${a} = await request({ url: '/api/${a}', method: 'POST', data: { ${b}: ${i} } })`); break;
      case 4: lines.push(`${indent}console.log('${a}', JSON.stringify({ ${b}: ${i} }))`); break;
      case 5: lines.push(`${indent}const ${a} = \`\${prefix}-${i}-\${${b}}\``); break;
      case 6: lines.push(`${indent}for (const item of ${b} || []) { sum += item.price * item.count }`); break;
      default: lines.push(`${indent}const ${a} = formatDate(new Date(), 'YYYY-MM-DD') + '${i}'`);
    }
  }
  return lines.join('\n');
}

function jsFile(random, platform, sensitive, lines) {
  const head = platform === 'rn' ? [...(sensitive ? IMPORTS.rn : []), "import { View } from 'react-native'", ...(random() < 0.1 ? [IMPORTS.sdk[Math.floor(random() * 3)]] : [])] : ["import { request, formatDate } from '../../utils/request'"];
  const call = sensitive ? SENSITIVE[platform][Math.floor(random() * SENSITIVE[platform].length)] : 'const ready = true';
  if (platform === 'wechat') {
    return `${head.join('\n')}\nlet total = 0\nlet sum = 0\nconst prefix = 'p'\nPage({\n  data: { text: '' },\n  async onLoad() {\n${body(random, lines - 12, '    ')}\n    ${call}\n  },\n})\n`;
  }
  return `${head.join('\n')}\nlet total = 0\nlet sum = 0\nconst prefix = 'p'\nexport async function load${Math.floor(random() * 1e6)}() {\n${body(random, lines - 8)}\n  ${call}\n}\n`;
}

function tsFile(random, platform, sensitive, lines) {
  const call = sensitive ? SENSITIVE[platform][Math.floor(random() * SENSITIVE[platform].length)] : 'const ready: boolean = true';
  return `import type { Options } from './types'\ninterface State { total: number; items: string[] }\nlet total = 0\nlet sum = 0\nconst prefix = 'p'\nexport class Service${Math.floor(random() * 1e6)} {\n  private state: State = { total: 0, items: [] }\n  async run(options: Options): Promise<void> {\n${body(random, lines - 14, '    ')}\n    ${call}\n  }\n}\n`;
}

function tsxFile(random, sensitive, lines) {
  const call = sensitive ? SENSITIVE.rn[Math.floor(random() * SENSITIVE.rn.length)] : 'const ready = true';
  return `${sensitive ? IMPORTS.rn.join('\n') : ''}\nimport React, { useEffect, useState } from 'react'\nimport { View, Text } from 'react-native'\nlet total = 0\nlet sum = 0\nconst prefix = 'p'\nexport default function Screen(): JSX.Element {\n  const [pos, setPos] = useState<unknown>(null)\n  useEffect(() => {\n    void (async () => {\n${body(random, lines - 20, '      ')}\n      ${call}\n    })()\n  }, [])\n  return (\n    <View>\n      <Text>{String(pos)}</Text>\n    </View>\n  )\n}\n`;
}

function vueFile(random, sensitive, lines) {
  const call = sensitive ? SENSITIVE.uniapp[Math.floor(random() * SENSITIVE.uniapp.length)] : 'const ready = true';
  return `<template>\n  <view class="page">\n    <text>{{ text }}</text>\n    <button @click="load">load</button>\n  </view>\n</template>\n\n<script>\nimport { request, formatDate } from '@/utils/request'\nlet total = 0\nlet sum = 0\nconst prefix = 'p'\nexport default {\n  data() {\n    return { text: '' }\n  },\n  methods: {\n    async load() {\n${body(random, lines - 26, '      ')}\n      ${call}\n    },\n  },\n}\n</script>\n\n<style scoped>\n.page { padding: 16px; }\n</style>\n`;
}

function etsFile(random, sensitive, lines) {
  const call = sensitive ? SENSITIVE.harmony[Math.floor(random() * SENSITIVE.harmony.length)] : 'const ready: boolean = true';
  return `${sensitive ? IMPORTS.harmony.join('\n') : "import { router } from '@kit.ArkUI'"}\nlet total = 0\nlet sum = 0\nconst prefix = 'p'\n@Entry\n@Component\nstruct Index {\n  @State message: string = 'Hello'\n  async aboutToAppear(): Promise<void> {\n${body(random, lines - 24, '    ')}\n    ${call}\n  }\n  build() {\n    Column({ space: 10 }) {\n      Text(this.message)\n        .fontSize(20)\n      Button('load').onClick(() => { this.message = 'x' })\n    }\n    .width('100%')\n  }\n}\n`;
}

/** Writes the corpus; returns its file count and total lines. */
export function generateCorpus(dir, { files = 20000, seed = 20261129, sensitiveRate = 0.03 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  const random = rng(seed);
  let lineCount = 0;
  for (let i = 0; i < files; i++) {
    const kind = random();
    const sensitive = random() < sensitiveRate;
    const lines = 40 + Math.floor(random() * 120);
    const folder = join(dir, `pkg${i % 50}`, `mod${Math.floor(i / 50) % 40}`);
    let name;
    let text;
    if (kind < 0.3) [name, text] = [`page${i}.js`, jsFile(random, 'wechat', sensitive, lines)];
    else if (kind < 0.45) [name, text] = [`screen${i}.tsx`, tsxFile(random, sensitive, lines)];
    else if (kind < 0.65) [name, text] = [`service${i}.ts`, tsFile(random, random() < 0.5 ? 'web' : 'uniapp', sensitive, lines)];
    else if (kind < 0.85) [name, text] = [`Page${i}.vue`, vueFile(random, sensitive, lines)];
    else if (kind < 0.93) [name, text] = [`Index${i}.ets`, etsFile(random, sensitive, lines)];
    else [name, text] = [`native${i}.js`, jsFile(random, 'rn', sensitive, lines)];
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, name), text);
    lineCount += text.split('\n').length;
  }
  return { files, lines: lineCount };
}
