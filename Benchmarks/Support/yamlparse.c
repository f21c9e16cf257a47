/* The reference for `roundtable validate`: parse each YAML file fully with libyaml's
 * document API (yaml_parser_load builds the whole node tree), nothing else.
 *
 *   yamlparse FILE...   exit 0 when every file parses, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static int parse_file(const char *path, size_t *nodes) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); return 0; }
    yaml_parser_t parser;
    yaml_document_t document;
    int ok = yaml_parser_initialize(&parser);
    if (ok) {
        yaml_parser_set_input_file(&parser, file);
        for (;;) {
            if (!yaml_parser_load(&parser, &document)) {
                fprintf(stderr, "%s:%zu:%zu: %s\n", path, parser.problem_mark.line + 1,
                        parser.problem_mark.column + 1, parser.problem ? parser.problem : "error");
                ok = 0;
                break;
            }
            yaml_node_t *root = yaml_document_get_root_node(&document);
            if (!root) { yaml_document_delete(&document); break; }
            *nodes += (size_t)(document.nodes.top - document.nodes.start);
            yaml_document_delete(&document);
        }
        yaml_parser_delete(&parser);
    }
    fclose(file);
    return ok;
}

int main(int argc, char **argv) {
    size_t nodes = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        if (!parse_file(argv[i], &nodes)) failed++;
    }
    fprintf(stderr, "%d files, %zu nodes, %d failed\n", argc - 1, nodes, failed);
    return failed ? 1 : 0;
}
