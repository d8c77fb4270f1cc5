import PackFormat
import StructuredData

/// Rules on the metadata the catalog entry needs: where the worker image and the pack's source come from.
enum CatalogMetadataRules {
    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        let metadata = context.pack.manifest.metadata
        let id = context.id
        let image = metadata.image ?? ""
        if image.isEmpty {
            collector.report(
                .metadataImage,
                pack: id,
                at: context.manifestLocation("/metadata"),
                "metadata.image is not set, so the catalog entry does not say which worker image runs the pack",
                hint:
                    "set metadata.image to the worker image, such as ghcr.io/<org>/cordum-\(id):\(context.pack.version)"
            )
        } else if image.contains(where: \.isWhitespace) || image.hasPrefix("http://") || image.hasPrefix("https://") {
            collector.report(
                .metadataImage,
                pack: id,
                at: context.manifestLocation("/metadata/image"),
                "metadata.image \"\(image)\" is not an image reference",
                hint:
                    "name the image as registry/repository:tag, such as ghcr.io/<org>/cordum-\(id):\(context.pack.version)"
            )
        }
        let source = metadata.source ?? ""
        if source.isEmpty {
            collector.report(
                .metadataSource,
                pack: id,
                at: context.manifestLocation("/metadata"),
                "metadata.source is not set, so the catalog entry does not say where the pack comes from",
                hint: "set metadata.source (or sourceRepo) to the repository folder of the pack, such as "
                    + "https://github.com/<org>/<repo>/tree/main/packs/\(id)"
            )
        } else if source.contains(where: \.isWhitespace) {
            collector.report(
                .metadataSource,
                pack: id,
                at: context.manifestLocation(
                    context.pack.manifestDocument.value["metadata"]?["sourceRepo"] != nil
                        ? "/metadata/sourceRepo" : "/metadata/source"
                ),
                "metadata.source \"\(source)\" is not a repository address",
                hint: "give the address of the pack's folder in its repository, without spaces"
            )
        }
    }
}
