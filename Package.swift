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
    ],
    targets: [
        .target(
            name: "Ordinance",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "wangge",
            dependencies: [
                "Ordinance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "wangge-bench",
            dependencies: ["Ordinance", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "OrdinanceTests",
            dependencies: ["Ordinance", .product(name: "Yams", package: "Yams")]
        ),
    ]
)
