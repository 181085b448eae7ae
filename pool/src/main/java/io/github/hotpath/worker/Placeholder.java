package io.github.hotpath.worker;

final class Placeholder {
    private Placeholder() {
    }
}
