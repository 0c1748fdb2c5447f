// Draws reserved sections as rows of seats in one SVG (stage on top); standing sections are chosen by quantity.
const seat = 16, gap = 4, labelWidth = 28, sectionGap = 28, top = 56;
const svgNs = 'http://www.w3.org/2000/svg';

function element(name, attributes, text) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Calls onToggle(seatId) when a free seat is clicked; returns a function that marks the selection. */
export function drawSeatMap(svg, sections, taken, stageLabel, onToggle) {
  const reserved = sections.filter(s => !s.generalAdmission && s.rows.length > 0);
  const width = Math.max(240, labelWidth * 2 + Math.max(0, ...reserved.map(s => s.seatsPerRow)) * (seat + gap));
  let y = top;
  const seats = new Map();
  svg.replaceChildren(element('rect', { class: 'stage', x: width / 4, y: 8, width: width / 2, height: 28, rx: 6 }),
    element('text', { class: 'stage-label', x: width / 2, y: 27, 'text-anchor': 'middle' }, stageLabel));
  for (const section of reserved) {
    svg.append(element('text', { class: 'section-label', x: labelWidth, y: y + 10 }, section.name));
    y += 16;
    const left = (width - section.seatsPerRow * (seat + gap)) / 2;
    for (const row of section.rows) {
      svg.append(element('text', { class: 'section-label', x: left - 6, y: y + seat - 4, 'text-anchor': 'end' }, row));
      for (let number = 1; number <= section.seatsPerRow; number++) {
        const id = `${section.sectionId}-${row}-${number}`;
        const isTaken = taken.has(id);
        const rect = element('rect', {
          class: `seat${isTaken ? ' taken' : ''}`, x: left + (number - 1) * (seat + gap), y, width: seat, height: seat, rx: 4,
          'data-seat': id, role: 'button', 'aria-label': `${section.name} ${row} ${number}`,
        });
        rect.append(element('title', {}, `${section.name} · ${row} · ${number}`));
        if (!isTaken) rect.addEventListener('click', () => onToggle(id));
        seats.set(id, rect);
        svg.append(rect);
      }
      y += seat + gap;
    }
    y += sectionGap;
  }
  svg.setAttribute('viewBox', `0 0 ${width} ${y}`);
  return selected => { for (const [id, rect] of seats) rect.classList.toggle('selected', selected.has(id)); };
}
