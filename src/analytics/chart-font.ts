/** The charts' font family, shipped with the renderer (no system font is used). */
export const CHART_FONT_FAMILY = 'DejaVu Sans';
/** The font files the renderer loads, from the dejavu-fonts-ttf package (regular and bold). */
export const CHART_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;
