#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets in fuzz/corpus/<target>/ from the shipped
# workspaces (plans/, examples/, templates/init/) and the test fixtures. Run from anywhere;
# existing corpus files are kept (libFuzzer adds what it finds there).
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out/workspace" "$out/values" "$out/markdown" "$out/lsp"

# Every folder that holds a workspace: a bcplan.yaml, or a fixture's pass/ or fail/ folder.
workspaces() {
    find plans examples templates/init tests/fixtures -name bcplan.yaml -printf '%h\n'
    find tests/fixtures/rules -mindepth 2 -maxdepth 2 -type d \( -name pass -o -name fail \)
}

# workspace: the target's input format, files separated by NUL, each its path on the first line.
workspaces | LC_ALL=C sort -u | while read -r dir; do
    name=$(printf '%s' "$dir" | tr '/' '_')
    (
        cd "$dir"
        first=1
        find . \( -name '*.yaml' -o -name '*.yml' \) -printf '%P\n' | LC_ALL=C sort | while read -r file; do
            [ "$first" = 1 ] || printf '\0'
            first=0
            printf '%s\n' "$file"
            cat "$file"
        done
    ) > "$out/workspace/$name"
done

# values: the first byte picks the parser (0 duration, 1 date, 2 phone, 3 id, 4 activity
# reference); values are taken from the plans and fixtures, 40 of each kind at most.
mapfile -t yaml < <(find plans examples tests/fixtures -name '*.yaml' | LC_ALL=C sort)
seed_values() {
    local kind=$1 name=$2 pattern=$3 i=0
    { grep -ohE "$pattern" "${yaml[@]}" || true; } | LC_ALL=C sort -u | awk 'NR <= 40' | while read -r value; do
        printf "\\x0$kind%s" "$value" > "$out/values/$name-$i"
        i=$((i + 1))
    done
}
seed_values 0 duration '\b[0-9]+(min|h|d|w|mo|y)([0-9]+(min|h|d|w|mo|y))*\b'
seed_values 1 date '\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b'
seed_values 2 phone '\+[0-9]{7,15}\b'
seed_values 3 id-key '\bid: [a-z0-9][a-z0-9._-]*' # with its key; the parser must refuse the space
seed_values 3 id '\b[a-z][a-z0-9]*[._-][a-z0-9._-]*[a-z0-9]\b'
seed_values 4 ref '\b[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*\b'

# markdown: the project's Markdown (README, rule docs), the plan files (their text fields), and
# text that tries raw HTML and script links.
i=0
for file in README.md src/rules/docs/*.md "${yaml[@]}"; do
    cp "$file" "$out/markdown/doc-$i"
    i=$((i + 1))
done
i=0
while IFS= read -r line; do
    printf '%b' "$line" > "$out/markdown/attack-$i"
    i=$((i + 1))
done <<'ATTACKS'
Hi <script>alert(1)</script> and <img src=x onerror=alert(1)>
<div>\n*x*\n</div>
[click](javascript:alert(1)) [ok](https://example.com) ![img](data:text/html,x)
<javascript:alert(1)> <https://example.com> `<b>code</b>`
```html\n<script>x</script>\n```\n\n| a | b |\n|---|---|\n| <i>1</i> | 2 |
- [x] done\n- ~~old~~ **bold** _em_ [ref]\n\n[ref]: javascript:alert(1)
# Title {onclick=alert(1)}\n> quote <a href="javascript:x">y</a>
ATTACKS
# lsp: message bodies separated by NUL, as a client sends them: initialize, open a file of
# examples/minimal (the target moves every file: URI into a copy of that workspace), then
# requests at a few positions, an edit, shutdown and exit.
json_text() { sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' "$1" | awk '{ printf "%s\\n", $0 }'; }
n=0
for file in plan.yaml registers.yaml bcplan.yaml; do
    uri="file:///$file"
    text=$(json_text "examples/minimal/$file")
    for line in 2 5 12 20; do
        at="\"textDocument\":{\"uri\":\"$uri\"},\"position\":{\"line\":$line,\"character\":9}"
        {
            printf '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"rootUri":"file:///"}}\0'
            printf '{"jsonrpc":"2.0","method":"initialized","params":{}}\0'
            printf '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"%s","languageId":"yaml","version":1,"text":"%s"}}}\0' "$uri" "$text"
            for method in hover definition completion prepareRename; do
                printf '{"jsonrpc":"2.0","id":2,"method":"textDocument/%s","params":{%s}}\0' "$method" "$at"
            done
            printf '{"jsonrpc":"2.0","id":3,"method":"textDocument/references","params":{%s,"context":{"includeDeclaration":true}}}\0' "$at"
            printf '{"jsonrpc":"2.0","id":4,"method":"textDocument/rename","params":{%s,"newName":"x.y"}}\0' "$at"
            printf '{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"%s"},"range":{"start":{"line":%d,"character":0},"end":{"line":%d,"character":40}},"context":{"diagnostics":[]}}}\0' "$uri" "$line" "$line"
            printf '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s","version":2},"contentChanges":[{"range":{"start":{"line":%d,"character":0},"end":{"line":%d,"character":3}},"text":"x"}]}}\0' "$uri" "$line" "$line"
            printf '{"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{%s}}\0' "$at"
            printf '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"%s"}}}\0' "$uri"
            printf '{"jsonrpc":"2.0","id":7,"method":"shutdown"}\0'
            printf '{"jsonrpc":"2.0","method":"exit"}'
        } > "$out/lsp/session-$n"
        n=$((n + 1))
    done
done

# Dictionaries (fuzz/dict/<target>.dict, libFuzzer's -dict=): the words an input of each target is
# made of, so that mutations build keys, markup and messages instead of waiting to hit them byte
# by byte.
mkdir -p fuzz/dict
dict_words() { LC_ALL=C sort -u | sed -e 's/\\/\\x5C/g' -e 's/"/\\x22/g' | awk 'length($0) > 0 && length($0) <= 60 { printf "\"%s\"\n", $0 }'; }
{
    # Every key and every `key: value` of one word written in the shipped plans and the fixtures.
    grep -ohE '^[ -]*[a-zA-Z_]+:( [A-Za-z0-9_./+-]+)?$' "${yaml[@]}" | sed -E 's/^[ -]*//'
    grep -ohE '^[ -]*[a-zA-Z_]+:' "${yaml[@]}" | sed -E 's/^[ -]*//'
    # File names (the first line of each file of an input) and YAML's own syntax.
    find plans examples tests/fixtures \( -name '*.yaml' -o -name '*.yml' \) -printf '%f\n'
    printf '%s\n' '---' '...' '- ' ': ' '? ' '&a ' '*a' '<<: *a' '!!str ' '!!int ' '!!binary ' '!tag ' '%YAML 1.2' '%TAG ! tag:x,2000:' \
        '|' '|-' '>' '>+' '{}' '[]' '{' '}' '[' ']' ', ' '"' "'" '# ' '~' 'null' 'true' 'false' 'yes' '0x1F' '.inf' '1e9'
} | dict_words > fuzz/dict/workspace.dict
printf '%s\n' '```' '~~~' '    ' '> ' '- ' '* ' '1. ' '- [ ] ' '- [x] ' '# ' '## ' '---' '***' '| a | b |' '|---|---|' \
    '**' '__' '*' '_' '~~' '`' '\' '[' ']' '](' '![' '[^1]' '[^1]: ' '[x]: ' '<' '>' '</' '<!--' '-->' '<?' '?>' \
    '<![CDATA[' ']]>' '<script>' '</script>' '<a href="' '<img src=x ' 'onerror=' 'onclick=' 'style=' 'javascript:' \
    'JaVaScRiPt:' 'vbscript:' 'data:text/html,' 'https://' 'mailto:' '<https://' '&#' '&#x' '&lt;' '&amp;' '&quot;' \
    '&#106;avascript:' '%6A' '%0A' '{#id}' '{.class}' '$$' | dict_words > fuzz/dict/markdown.dict
printf '%s\n' '"\x0A"' '"\x0A\x0A"' '"\x0D\x0A"' '"\x09"' '"\x0B"' '"\x00"' >> fuzz/dict/markdown.dict
{
    printf '%s\n' initialize initialized shutdown exit '$/cancelRequest'
    grep -ohE '"(textDocument|workspace)/[A-Za-z]+"' src/lsp/session.rs | tr -d '"'
    printf '%s\n' '{"jsonrpc":"2.0",' '"id":' '"method":' '"params":' '"textDocument":' '"uri":"file:///plan.yaml"' \
        '"uri":"file:///registers.yaml"' '"uri":"file:///bcplan.yaml"' '"uri":"file:///x/../plan.yaml"' '"version":' \
        '"text":"' '"languageId":"yaml"' '"position":{"line":' '"character":' '"range":{"start":' '"end":' \
        '"contentChanges":[' '"newName":"' '"context":{"includeDeclaration":true}' '"diagnostics":[]' \
        '"changes":[{"uri":' '"type":' '"capabilities":{}' '"rootUri":"file:///"' '"initializationOptions":{' \
        '"ruleDocs":' 'null' 'true' '-1' '4294967296' '\n' '\"' '\u0000' '\ud800'
} | dict_words > fuzz/dict/lsp.dict
echo "dictionaries in fuzz/dict: $(wc -l < fuzz/dict/workspace.dict) workspace, $(wc -l < fuzz/dict/markdown.dict) markdown, $(wc -l < fuzz/dict/lsp.dict) lsp words"

echo "seed corpora in $out: $(ls "$out/workspace" | wc -l) workspace, $(ls "$out/values" | wc -l) values, $(ls "$out/markdown" | wc -l) markdown, $(ls "$out/lsp" | wc -l) lsp"
