package io.github.hotpath.log;

final class Placeholder {
    private Placeholder() {
    }
}
