// Set one Typst document into a PDF, as one process: bench/run.py times it.
// Usage: NODE_PATH=DIR/node_modules node bench/typst-run.js MAIN.typ OUT.pdf
// The fonts are paiban's (fonts/fonts.conf's directories), so both set the
// same faces.
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
const fs = require('fs');
const path = require('path');

const [main, out] = process.argv.slice(2);
const compiler = NodeCompiler.create({
  workspace: path.dirname(path.resolve(main)),
  fontArgs: [{ fontPaths: ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/lxgw-wenkai'] }],
});
fs.writeFileSync(out, compiler.pdf({ mainFilePath: path.resolve(main) }));
