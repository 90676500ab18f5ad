// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Wangge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wangge", targets: ["wangge"]),
        .library(name: "Ordinance", targets: ["Ordinance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .target(
            name: "Ordinance",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Kernel",
            dependencies: ["Ordinance"]
        ),
        .target(
            name: "Store",
            dependencies: [
                "Ordinance", "Kernel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Platform",
            dependencies: [
                "Ordinance", "Kernel", "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/cn.yaml"), .copy("Resources/labels.yaml")]
        ),
        .executableTarget(
            name: "wangge",
            dependencies: [
                "Ordinance", "Kernel", "Store", "Platform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "wangge-bench",
            dependencies: [
                "Ordinance", "Kernel", "Store", "Platform",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "OrdinanceTests",
            dependencies: ["Ordinance", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "KernelTests",
            dependencies: ["Kernel", "Ordinance"]
        ),
        .testTarget(
            name: "WanggeTests",
            dependencies: ["wangge", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "PlatformTests",
            dependencies: ["Platform", "Store", "Ordinance", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
