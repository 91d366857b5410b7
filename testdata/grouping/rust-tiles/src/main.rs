//! tiles: a small map tile server. `tiles BUG PATH DEPTH` serves the
//! requests that reach bug BUG (zoom-div, polar, missing-style, nan-sort,
//! reentrant-cache) through request PATH (1 or 2), DEPTH layers deep in
//! the layer compositor; the panic hook (crash.rs) reports the panic.
mod cache;
mod crash;
mod geo;

use cache::Cache;
use geo::Projection;
use std::hint::black_box;

struct Request {
    layer: String,
    zoom: u32,
    lon: f64,
    lat: f64,
    projection: Projection,
}

fn request(layer: &str, zoom: u32, projection: Projection) -> Request {
    Request {
        layer: layer.to_string(),
        zoom,
        lon: 13.4,
        lat: 52.5,
        projection,
    }
}

fn grid_request(cache: &Cache, r: &Request) {
    let span = geo::tile_span(black_box(256), r.zoom);
    println!("grid {} span {span}", r.layer);
    cache.touch(&r.layer);
}

fn legend(_cache: &Cache, r: &Request) {
    for z in 0..=r.zoom {
        println!("zoom {z}: {} degrees", geo::tile_span(black_box(1024), z));
    }
}

fn tile_request(cache: &Cache, r: &Request) {
    let t = geo::tile_for(r.lon, r.lat, r.zoom, black_box(r.projection));
    let style = cache.style(&r.layer);
    println!("tile {}/{}/{} fill {}", t.z, t.x, t.y, style.fill);
}

fn prefetch(cache: &Cache, r: &Request) {
    for dz in 0..2 {
        let t = geo::tile_for(r.lon + dz as f64, r.lat, r.zoom + dz, black_box(r.projection));
        cache.insert(format!("{}/{}/{}", t.z, t.x, t.y), vec![0; 16]);
    }
}

fn render_layer(cache: &Cache, r: &Request) {
    let style = cache.style(&r.layer);
    if r.zoom < style.min_zoom {
        return;
    }
    println!("render {} with {}", r.layer, style.fill);
}

fn style_sheet(cache: &Cache, r: &Request) {
    let layers = ["water", "roads", r.layer.as_str()];
    let fills: Vec<&str> = layers.iter().map(|l| cache.style(l).fill).collect();
    println!("{}", fills.join(","));
}

fn hillshade(_cache: &Cache, r: &Request) {
    let samples = [120.0, r.lat, f64::NAN, 80.5];
    let sorted = geo::sorted_elevations(&samples);
    println!("min {} max {}", sorted[0], sorted[sorted.len() - 1]);
}

fn contour_lines(_cache: &Cache, r: &Request) {
    let levels: Vec<f64> = (0..4).map(|i| (r.zoom as f64 - 3.0).sqrt() * i as f64).collect();
    println!("contours {:?}", geo::sorted_elevations(&levels));
}

fn refresh_stale(cache: &Cache, r: &Request) {
    cache.insert(format!("{}/0/0", r.zoom), vec![1; 8]);
    cache.for_each_tile("", |t| {
        if t.bytes.len() < 16 {
            cache.insert(t.key.clone(), vec![0; 16]);
        }
    });
}

fn stats_page(cache: &Cache, r: &Request) {
    cache.insert(format!("{}/1/1", r.zoom), vec![2; 32]);
    let mut total = 0;
    cache.for_each_tile("", |t| {
        total += t.hits;
        cache.touch(&t.key);
    });
    println!("hits {total}");
}

type Handler = fn(&Cache, &Request);

fn routes(bug: &str, path: usize) -> Option<(Handler, Request)> {
    Some(match (bug, path) {
        ("zoom-div", 1) => (grid_request as Handler, request("roads", 9, Projection::WebMercator)),
        ("zoom-div", 2) => (legend, request("water", 12, Projection::WebMercator)),
        ("polar", 1) => (tile_request, request("water", 3, Projection::Polar)),
        ("polar", 2) => (prefetch, request("roads", 4, Projection::Polar)),
        ("missing-style", 1) => (render_layer, request("buildings", 14, Projection::WebMercator)),
        ("missing-style", 2) => (style_sheet, request("labels", 10, Projection::Equirectangular)),
        ("nan-sort", 1) => (hillshade, request("terrain", 8, Projection::WebMercator)),
        ("nan-sort", 2) => (contour_lines, request("terrain", 1, Projection::WebMercator)),
        ("reentrant-cache", 1) => (refresh_stale, request("roads", 6, Projection::WebMercator)),
        ("reentrant-cache", 2) => (stats_page, request("water", 6, Projection::WebMercator)),
        _ => return None,
    })
}

/// Composites the layer stack; the request is served by the innermost one.
#[inline(never)]
fn composite(depth: u32, handler: Handler, cache: &Cache, r: &Request) -> u32 {
    if depth <= 1 {
        handler(cache, r);
        return 1;
    }
    composite(black_box(depth - 1), handler, cache, r) + 1
}

fn main() {
    crash::install(env!("APP_RELEASE"));
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: tiles BUG PATH DEPTH");
        std::process::exit(2);
    }
    let path: usize = args[2].parse().unwrap_or(0);
    let depth: u32 = args[3].parse().unwrap_or(1);
    let Some((handler, r)) = routes(&args[1], path) else {
        eprintln!("unknown bug or path");
        std::process::exit(2);
    };
    let cache = Cache::new();
    let layers = composite(depth, handler, &cache, &r);
    println!("no crash ({layers} layers)");
}
