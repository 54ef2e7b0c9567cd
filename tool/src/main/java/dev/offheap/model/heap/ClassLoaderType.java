package dev.offheap.model.heap;

/**
 * Class loaders of one type: how many, how many classes they define, and how many of those look generated
 * (proxies, lambdas, reflection accessors, scripts).
 */
public record ClassLoaderType(String type, long loaders, long classes, long generatedClasses) {
}
