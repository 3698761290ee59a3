const fs = require('node:fs');
const { src, dest } = require('gulp');

function clean(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
}

// tsc emits the JavaScript; n8n also needs each node's and credential's icon next to it in dist/.
function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports.clean = clean;
exports['build:icons'] = buildIcons;
