package io.github.hotpath.text;

final class Placeholder {
    private Placeholder() {
    }
}
