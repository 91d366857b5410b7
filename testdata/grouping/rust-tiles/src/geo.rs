//! Coordinates, projections and tile math.

#[derive(Clone, Copy, Debug)]
pub enum Projection {
    WebMercator,
    Equirectangular,
    Polar,
}

pub struct TileId {
    pub z: u32,
    pub x: u32,
    pub y: u32,
}

/// Degrees per tile at a zoom level, for a grid of `columns` tiles.
pub fn tile_span(columns: u32, zoom: u32) -> u32 {
    360 / (columns >> zoom)
}

pub fn tile_for(lon: f64, lat: f64, zoom: u32, projection: Projection) -> TileId {
    let n = (1u32 << zoom) as f64;
    let (fx, fy) = match projection {
        Projection::WebMercator => {
            let r = lat.to_radians();
            ((lon + 180.0) / 360.0, (1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0)
        }
        Projection::Equirectangular => ((lon + 180.0) / 360.0, (90.0 - lat) / 180.0),
        Projection::Polar => unreachable!("polar tiles are rendered by the legacy server"),
    };
    TileId {
        z: zoom,
        x: (fx * n) as u32,
        y: (fy * n) as u32,
    }
}

/// Elevations of a tile's samples, lowest first.
pub fn sorted_elevations(samples: &[f64]) -> Vec<f64> {
    let mut v = samples.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}
