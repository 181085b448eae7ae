package io.github.hotpath.pool;

final class Placeholder {
    private Placeholder() {
    }
}
