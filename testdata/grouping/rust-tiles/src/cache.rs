//! The tile cache and the style table.
use std::cell::RefCell;
use std::collections::HashMap;

pub struct Style {
    pub fill: &'static str,
    pub min_zoom: u32,
}

pub struct Tile {
    pub key: String,
    pub bytes: Vec<u8>,
    pub hits: u32,
}

pub struct Cache {
    pub tiles: RefCell<Vec<Tile>>,
    pub styles: HashMap<String, Style>,
}

impl Cache {
    pub fn new() -> Cache {
        let mut styles = HashMap::new();
        styles.insert("roads".to_string(), Style { fill: "#888", min_zoom: 5 });
        styles.insert("water".to_string(), Style { fill: "#39f", min_zoom: 0 });
        Cache {
            tiles: RefCell::new(Vec::new()),
            styles,
        }
    }

    pub fn style(&self, layer: &str) -> &Style {
        &self.styles[layer]
    }

    pub fn insert(&self, key: String, bytes: Vec<u8>) {
        self.tiles.borrow_mut().push(Tile { key, bytes, hits: 0 });
    }

    /// Calls `render` for every cached tile whose key starts with `prefix`.
    pub fn for_each_tile(&self, prefix: &str, mut render: impl FnMut(&Tile)) {
        for t in self.tiles.borrow().iter() {
            if t.key.starts_with(prefix) {
                render(t);
            }
        }
    }

    pub fn touch(&self, key: &str) {
        if let Some(t) = self.tiles.borrow_mut().iter_mut().find(|t| t.key == key) {
            t.hits += 1;
        }
    }
}
